export type { FaultEndpoint, FaultName } from './faults.js';
export { FAULTS } from './faults.js';
export type { MockApp, MockRequestRecord, MockYuefu, MockYuefuOptions } from './mockYuefu.js';
export { createMockYuefu, DEMO_APP } from './mockYuefu.js';
export type { RunningMockYuefu, StartMockOptions } from './node.js';
export { startMockYuefu } from './node.js';
export type { ScenarioName } from './scenarios.js';
export { isScenarioName, SCENARIOS } from './scenarios.js';
