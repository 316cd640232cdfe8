import type { TestProject } from 'vitest/node';
import { FAULTS, type FaultName } from '../../src/mock/faults';
import { DEMO_APP } from '../../src/mock/mockYuefu';
import { startMockYuefu } from '../../src/mock/node';
import { SCENARIOS, type ScenarioName } from '../../src/mock/scenarios';
import { startJsonpFixtureServer } from './jsonpFixtureServer';

declare module 'vitest' {
  export interface ProvidedContext {
    fixtureOrigin: string;
    mockBaseUrl: string;
    mockSignUrl: string;
    soakFlows: number;
  }
}

/** One mock app per scenario: a browser test picks a scenario by the appId it signs for. */
const scenarioAppId = (scenario: ScenarioName) =>
  scenario === 'mobile' ? DEMO_APP.appId : `app-${scenario}`;

export default async function setup(project: TestProject) {
  const fixture = await startJsonpFixtureServer();
  const yuefu = await startMockYuefu({
    port: 0,
    resolveMs: 400,
    slowResolveMs: 1500,
    hangMs: 3000,
    apps: [
      ...(Object.keys(SCENARIOS) as ScenarioName[]).map((scenario) => ({
        appId: scenarioAppId(scenario),
        aesKey: DEMO_APP.aesKey,
        scenario,
      })),
      { appId: 'soak', aesKey: DEMO_APP.aesKey, resolveMs: 0 },
      // One app per fault: a test picks the bad answer by the appId it signs for.
      ...(Object.keys(FAULTS) as FaultName[]).map((fault) => ({
        appId: `fault-${fault}`,
        aesKey: DEMO_APP.aesKey,
        fault,
        resolveMs: 0,
      })),
    ],
  });
  project.provide('fixtureOrigin', fixture.origin);
  project.provide('mockBaseUrl', yuefu.baseUrl);
  project.provide('mockSignUrl', yuefu.signUrl);
  project.provide('soakFlows', Number(process.env.SOAK_FLOWS ?? 200));
  return async () => {
    await fixture.close();
    await yuefu.close();
  };
}
