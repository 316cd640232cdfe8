// jsonp 0.2.1 is CommonJS and requires `debug`. Bundled as it is, it drags CommonJS interop
// helpers into every partner's bundle (a third of our JSONP bytes) and a logger that would log
// each answer. The library build (vite.config.ts) and the size breakdown compile it to plain
// ESM with its two debug calls removed, and fail loudly if a new jsonp no longer matches.

/** The module this applies to. */
export const JSONP_MODULE = /[\\/]node_modules[\\/]jsonp[\\/]index\.js$/;

/** jsonp's source as an ES module without `debug`. */
export function jsonpAsEsm(code) {
  const esm = code
    .replace("var debug = require('debug')('jsonp');", '')
    .replace(/^\s*debug\(.*\);$/gm, '')
    .replace('module.exports = jsonp;', 'export default jsonp;');
  if (/\bdebug\b|require\(|module\.exports/.test(esm) || !esm.includes('export default jsonp;')) {
    throw new Error('jsonp no longer has the shape scripts/lib/jsonpAsEsm.mjs expects');
  }
  return esm;
}
