import type { NextConfig } from 'next';

const config: NextConfig = {
  // `next dev` serves its dev resources (HMR, /_next/*) only to the host it started on: a
  // page opened as http://127.0.0.1:3000 would never hydrate without this. `next start` ignores it.
  allowedDevOrigins: ['127.0.0.1'],
  // This app sits inside the library's repo, which has its own lockfile: without this, Next
  // would take the repo as the workspace root.
  turbopack: { root: import.meta.dirname },
  outputFileTracingRoot: import.meta.dirname,
};

export default config;
