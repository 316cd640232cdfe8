import type { TestProject } from 'vitest/node';
import { startJsonpFixtureServer } from './jsonpFixtureServer';

declare module 'vitest' {
  export interface ProvidedContext {
    fixtureOrigin: string;
  }
}

export default async function setup(project: TestProject) {
  const fixture = await startJsonpFixtureServer();
  project.provide('fixtureOrigin', fixture.origin);
  return () => fixture.close();
}
