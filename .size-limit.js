// The client entry as an app uses it. esbuild escapes every non-ASCII character as \uXXXX
// unless told otherwise; the bundlers partners build with (Vite, webpack with terser, Next.js)
// keep the zh-CN strings as UTF-8, so the measure does too.
export default [
  {
    name: 'client entry as an app uses it: OneTapLogin, useOneTapPhone, OneTapPhoneProvider, JSONP included (react, react-dom, react-query external)',
    path: 'dist/index.js',
    import: '{ OneTapLogin, useOneTapPhone, OneTapPhoneProvider }',
    ignore: ['react', 'react-dom', '@tanstack/react-query'],
    modifyEsbuildConfig: (config) => ({ ...config, charset: 'utf8' }),
    limit: '5.0 KB',
  },
];
