// A first look at the flow, in Node, against the mock Yuefu in-process: the demo sign endpoint
// (built with one-tap-phone/server) and the provider's real JSONP bytes, read back from the
// `/**/callback({...});` text since Node has no <script>. (Storybook replaces this demo.)
import { getPhoneNumber } from '../dist/core/index.js';
import { createMockYuefu, DEMO_APP, isScenarioName } from '../dist/mock/index.js';

const scenario = isScenarioName(process.argv[2]) ? process.argv[2] : 'mobile';
const mock = createMockYuefu({ scenario, resolveMs: 700 });
const local = (input, init) => mock.fetch(new Request(input, init), { clientAddress: '127.0.0.1' });

async function jsonpOverFetch({ url }) {
  const text = await (await local(`${url}&callback=demoCallback`)).text();
  const match = /^\/\*\*\/demoCallback\((.*)\);$/s.exec(text);
  return match ? JSON.parse(match[1]) : undefined;
}

const started = Date.now();
const elapsed = () => `${String(Date.now() - started).padStart(5)} ms`;
console.log(`one-tap-phone demo: scenario "${scenario}" (try: wifi, slow, token-expired, bad-envelope)\n`);
try {
  const result = await getPhoneNumber(
    {
      appId: DEMO_APP.appId,
      signUrl: 'http://mock.local/demo/sign',
      baseUrl: 'http://mock.local/getphone',
      fetch: local,
      transport: jsonpOverFetch,
    },
    {
      onProgress: (state) => {
        const extra =
          state.status === 'polling'
            ? ` ${state.attempt}/${state.attempts}`
            : state.status === 'signing'
              ? ` (${state.reason})`
              : '';
        console.log(`${elapsed()}  ${state.status}${extra}`);
      },
    },
  );
  console.log(`\n本机号码 / This phone: ${result.phone}`);
} catch (error) {
  console.log(`\n${error.code}: ${error.localizedMessage('zh-CN')} / ${error.localizedMessage('en')}`);
}
console.log(
  `provider requests: ${mock.requests.map((r) => `${r.endpoint}${r.resCode ? `:${r.resCode}` : ''}`).join(' ')}`,
);
