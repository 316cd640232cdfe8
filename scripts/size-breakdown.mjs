// Where the client entry's bytes go: the entry as size-limit measures it (OneTapLogin,
// useOneTapPhone, OneTapPhoneProvider; react, react-dom and react-query external), bundled
// and minified from the sources, with each module's share of the minified output. Prints
// numbers only; `npm run size` is the check.
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';
import { build } from 'esbuild';
import { jsonpEsmEsbuildPlugin } from './lib/jsonpAsEsm.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const result = await build({
  stdin: {
    contents: "export { OneTapLogin, useOneTapPhone, OneTapPhoneProvider } from './src/index.ts';",
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  minify: true,
  write: false,
  format: 'esm',
  jsx: 'automatic',
  metafile: true,
  charset: 'utf8', // as partners' bundlers emit it, and as `npm run size` measures
  external: ['react', 'react-dom', '@tanstack/react-query', 'react/jsx-runtime'],
  plugins: [
    jsonpEsmEsbuildPlugin(), // as the library build compiles jsonp
    {
      // The debug panel is its own chunk, loaded only with `debug` on (as .size-limit.js counts it).
      name: 'debug-panel-chunk-external',
      setup(b) {
        b.onResolve({ filter: /^\.\/DebugPanel\.js$/ }, ({ path }) => ({ path, external: true }));
      },
    },
  ],
});

const output = result.outputFiles[0].contents;
const brotli = brotliCompressSync(output, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const [{ inputs }] = Object.values(result.metafile.outputs);
const rows = Object.entries(inputs)
  .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
  .sort(([, a], [, b]) => b.bytesInOutput - a.bytesInOutput);
console.log('module                                  minified   share');
for (const [path, { bytesInOutput }] of rows) {
  const share = ((100 * bytesInOutput) / output.length).toFixed(1);
  console.log(`${path.padEnd(38)} ${String(bytesInOutput).padStart(9)} ${share.padStart(6)}%`);
}
console.log(
  `\nwhole entry: ${output.length} bytes minified, ${brotli} bytes (${(brotli / 1024).toFixed(2)} kB) brotli 11`,
);
console.log('(from the sources; `npm run size` measures dist/, which lands a few dozen bytes apart)');
