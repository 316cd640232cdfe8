// A first look at the core flow, in Node, against a simulated provider whose carrier takes
// 700 ms to resolve the number. (Storybook on the mock Yuefu replaces this demo.)
import { getPhoneNumber } from '../dist/index.js';

const RESOLVE_MS = Number(process.argv[2] ?? 700);
const started = Date.now();
let getphoneAt;

/** Answers as Yuefu does: getphone starts the lookup, query says 3 until it is ready. */
function simulatedYuefu({ url }) {
  const { pathname } = new URL(url);
  if (!pathname.endsWith('/query')) {
    getphoneAt = Date.now();
    return Promise.resolve(undefined);
  }
  const ready = getphoneAt !== undefined && Date.now() - getphoneAt >= RESOLVE_MS;
  return Promise.resolve(
    ready
      ? {
          success: true,
          resCode: '0',
          object: { par: 'B0A63A589B1541DC9B3E4C8F25F073F7', phone: '134****8682' },
        }
      : { success: false, resCode: '3', message: '获取结果失败' },
  );
}

const elapsed = () => `${String(Date.now() - started).padStart(5)} ms`;
console.log(`one-tap-phone demo: the carrier resolves the number ${RESOLVE_MS} ms after getphone\n`);
try {
  const result = await getPhoneNumber(
    {
      appId: 'wozhitest',
      getSign: () =>
        'haR4hJb10gI4iC8DDBWb3v2L3//Jlpvl+5yzWBaRiuaxGS/wPt/VEaU7aEF52jzxsfYjiOYlEvgeg7pr0DV2axj/z+OnrS4V2ERd5da752/t5v8GZ7Rr+JJ29PoJV113CTRA3dE7AnEBqmZYTM6h6Q==',
      transport: simulatedYuefu,
    },
    {
      onProgress: (state) => {
        const extra = state.status === 'polling' ? ` ${state.attempt}/${state.attempts}` : '';
        console.log(`${elapsed()}  ${state.status}${extra}`);
      },
    },
  );
  console.log(`\nThis phone: ${result.phone} (par ${result.par})`);
} catch (error) {
  console.log(`\nFailed: ${error.code}: ${error.message}`);
  process.exitCode = 1;
}
