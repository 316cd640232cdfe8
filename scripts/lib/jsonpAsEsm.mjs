// jsonp 0.2.1 is CommonJS and requires `debug`. Bundled as it is, it drags CommonJS interop
// helpers into every partner's bundle (a third of our JSONP bytes) and a logger that would log
// each answer. Every bundle of ours (the tsdown build, Storybook, the size checks, the bench,
// the client bundle test) compiles it to plain ESM with its two debug calls removed, through
// the plugins below, and fails loudly if a new jsonp no longer matches. `debug` itself is
// aliased to a stub as a second line, for any path that still reaches it (Vite's dev
// pre-bundling of a dependency that requires jsonp, say).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The module this applies to. Vite's dev server asks for it with a version query
 * (`index.js?v=…`): without the optional query, Storybook's dev server served jsonp as raw
 * CommonJS and every story failed with "does not provide an export named 'default'".
 */
const JSONP_MODULE = /[\\/]node_modules[\\/]jsonp[\\/]index\.js(?:\?.*)?$/;

/** The stub `debug` resolves to. */
export const NO_DEBUG = fileURLToPath(new URL('../../src/core/noDebug.cjs', import.meta.url));

const NAME = 'one-tap-phone:jsonp-as-esm';

/** jsonp's source as an ES module without `debug`. */
function jsonpAsEsm(code) {
  const esm = code
    .replace("var debug = require('debug')('jsonp');", '')
    .replace(/^\s*debug\(.*\);$/gm, '')
    .replace('module.exports = jsonp;', 'export default jsonp;');
  if (/\bdebug\b|require\(|module\.exports/.test(esm) || !esm.includes('export default jsonp;')) {
    throw new Error('jsonp no longer has the shape scripts/lib/jsonpAsEsm.mjs expects');
  }
  return esm;
}

/** For Rollup-style bundlers: tsdown (rolldown) and Vite, in build and in dev. */
export function jsonpEsmPlugin() {
  return {
    name: NAME,
    enforce: 'pre', // Vite: before its CommonJS handling sees the file
    // Hook filters let rolldown skip the JavaScript call for every other module.
    resolveId: { filter: { id: /^debug$/ }, handler: () => NO_DEBUG },
    transform: { filter: { id: JSONP_MODULE }, handler: (code) => ({ code: jsonpAsEsm(code), map: null }) },
  };
}

/** For esbuild: size-limit, the size breakdown, the bench, the client bundle test. */
export function jsonpEsmEsbuildPlugin() {
  return {
    name: NAME,
    setup(build) {
      build.onResolve({ filter: /^debug$/ }, () => ({ path: NO_DEBUG }));
      build.onLoad({ filter: JSONP_MODULE }, ({ path }) => ({
        contents: jsonpAsEsm(readFileSync(path, 'utf8')),
        loader: 'js',
      }));
    },
  };
}
