// The `one-tap-phone/mock` entry: browser-safe (a Fetch handler, scenarios and faults), so
// Storybook and browser tests bundle it; the Node server is `one-tap-phone/mock/node`.
export type { FaultEndpoint, FaultName } from './faults.js';
export { FAULTS } from './faults.js';
export type { MockApp, MockRequestRecord, MockYuefu, MockYuefuOptions } from './mockYuefu.js';
export { createMockYuefu, DEMO_APP } from './mockYuefu.js';
export type { ScenarioName } from './scenarios.js';
export { isScenarioName, SCENARIOS } from './scenarios.js';
