export type { MockApp, MockRequestRecord, MockYuefu, MockYuefuOptions } from './mockYuefu';
export { createMockYuefu, DEMO_APP } from './mockYuefu';
export type { RunningMockYuefu, StartMockOptions } from './node';
export { startMockYuefu } from './node';
export type { ScenarioName } from './scenarios';
export { isScenarioName, SCENARIOS } from './scenarios';
