import { defineConfig, type UserConfig } from 'tsdown';
import { jsonpEsmPlugin } from './scripts/lib/jsonpAsEsm.mjs';

// Peers, optional ones included, and Node built-ins stay imports; jsonp is the one dependency
// compiled in (as plain ESM, see the helper), so partners install nothing but this package.
const neverBundle = [
  /^react($|\/)/,
  /^react-dom($|\/)/,
  /^@tanstack\//,
  /^msw($|\/)/,
  /^redis($|\/)/,
  /^@opentelemetry\//,
  /^node:/,
];

const shared = {
  target: 'es2022',
  sourcemap: true,
  tsconfig: 'tsconfig.build.json',
  // Type "module": ESM as .js with .d.ts, CommonJS as .cjs with .d.cts, side by side.
  fixedExtension: false,
  plugins: [jsonpEsmPlugin()],
  // rolldown's timing notes name the d.ts generation on every run: noise, not a finding.
  inputOptions: { checks: { pluginTimings: false } },
} satisfies UserConfig;

export default defineConfig([
  {
    ...shared,
    entry: {
      index: 'src/index.ts',
      'core/index': 'src/core/index.ts',
      beacon: 'src/beacon.ts',
      'server/index': 'src/server/index.ts',
      // `one-tap-phone/server` under the `node` condition: the same API on node:crypto.
      'server/node': 'src/server/node.ts',
      'mock/index': 'src/mock/index.ts',
      'mock/node': 'src/mock/node.ts',
      'mock/msw': 'src/mock/msw.ts',
    },
    // CommonJS for require() where Node's require(esm) is not there: Jest, ts-node, older tooling.
    format: ['esm', 'cjs'],
    dts: true,
    // rolldown keeps src/index.ts's 'use client' on that entry's output alone, in both formats
    // (scripts/check-packed-bin.mjs asserts it). tsdown's d.ts pass notes jsonp as unused: it
    // bundles declarations only, jsonp has none of ours.
    deps: { neverBundle, onlyBundle: ['jsonp'] },
    // The debug panel's chunk (loaded by React.lazy only with `debug` on) keeps a fixed name:
    // the import() that every app's bundle holds for it is a few bytes shorter without a hash,
    // and size-limit finds it by name (.size-limit.js).
    outputOptions: (options) => {
      const { chunkFileNames: hashed = '[name]-[hash].js' } = options;
      return {
        ...options,
        chunkFileNames: (chunk) => {
          const pattern = typeof hashed === 'function' ? hashed(chunk) : hashed;
          return chunk.name === 'DebugPanel' ? pattern.replace('-[hash]', '') : pattern;
        },
      };
    },
  },
  {
    // The bin: ESM only, its #! line kept from the source (tsdown makes the file executable).
    // Built alongside the library into the same dist, which the first config cleans.
    ...shared,
    clean: false,
    entry: { 'bin/one-tap-phone-mock': 'src/bin/oneTapPhoneMock.ts' },
    format: 'esm',
    dts: false,
    deps: { neverBundle, onlyBundle: [] },
  },
]);
