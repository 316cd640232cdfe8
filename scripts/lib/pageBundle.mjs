// How the checks bundle a partner's login page for the browser: one classic script, React in
// production mode, as a partner's production build ships it. test/support/cspPageServer.ts
// bundles our sources this way, scripts/lib/engines/loginPage.mjs the packed tarball.

/** esbuild's options for a login page; the caller adds its entry (and plugins, paths). */
export const PAGE_BUNDLE = {
  bundle: true,
  write: false,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'silent',
};
