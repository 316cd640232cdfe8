import { fileURLToPath } from 'node:url';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { playwright } from '@vitest/browser-playwright';
import type { Plugin } from 'vite';
import dts from 'vite-plugin-dts';
import { defineConfig } from 'vitest/config';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// One factory per project: vitest mixes up projects that share a provider object.
const chromium = () =>
  playwright({
    launchOptions: {
      executablePath: CHROMIUM,
      // Precise heap numbers and window.gc() for the leak soak.
      args: [
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--enable-precise-memory-info',
        '--js-flags=--expose-gc',
      ],
    },
  });

/**
 * jsonp 0.2.1 is CommonJS and requires `debug`. Bundled as it is, it drags CommonJS interop
 * helpers into every partner's bundle (a third of our JSONP bytes) and a logger that would log
 * each answer. The library build compiles it to plain ESM with its two debug calls removed; the
 * checks fail the build if a new jsonp no longer matches. Dev servers and tests alias `debug`.
 */
function jsonpAsEsm(): Plugin {
  return {
    name: 'one-tap-phone:jsonp-as-esm',
    enforce: 'pre',
    apply: 'build',
    transform(code, id) {
      if (!/[\\/]node_modules[\\/]jsonp[\\/]index\.js$/.test(id)) return;
      const esm = code
        .replace("var debug = require('debug')('jsonp');", '')
        .replace(/^\s*debug\(.*\);$/gm, '')
        .replace('module.exports = jsonp;', 'export default jsonp;');
      if (/\bdebug\b|require\(|module\.exports/.test(esm) || !esm.includes('export default jsonp;')) {
        throw new Error('jsonp no longer has the shape jsonpAsEsm expects: check vite.config.ts');
      }
      return { code: esm, map: null };
    },
  };
}

export default defineConfig({
  resolve: {
    // jsonp requires `debug`, which would log every JSONP answer (phone numbers) when enabled
    // and weighs more than jsonp itself: it never reaches a bundle of ours.
    alias: [{ find: /^debug$/, replacement: here('src/core/noDebug.cjs') }],
  },
  plugins: [
    jsonpAsEsm(),
    dts({
      include: ['src'],
      exclude: ['**/*.test.*'],
      entryRoot: 'src',
      tsconfigPath: 'tsconfig.build.json',
    }),
  ],
  build: {
    target: 'es2022',
    sourcemap: true,
    minify: false,
    lib: {
      entry: {
        index: here('src/index.ts'),
        'server/index': here('src/server/index.ts'),
        'mock/index': here('src/mock/index.ts'),
        'mock/msw': here('src/mock/msw.ts'),
        'bin/one-tap-phone-mock': here('src/bin/oneTapPhoneMock.ts'),
      },
      formats: ['es'],
    },
    rollupOptions: {
      external: [/^react($|\/)/, /^react-dom($|\/)/, /^@tanstack\//, /^msw($|\/)/, /^node:/],
    },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'jsdom',
          setupFiles: ['test/support/setupDom.ts'],
          include: ['test/unit/**/*.test.{ts,tsx}'],
        },
      },
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          execArgv: ['--expose-gc'], // heap numbers after a real GC in the load test
          include: ['test/node/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.{ts,tsx}'],
          globalSetup: ['test/support/browserGlobalSetup.ts'],
          setupFiles: ['test/support/setupDom.ts'],
          browser: {
            enabled: true,
            headless: true,
            provider: chromium(),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
      {
        // Every story as a test in Chromium: its play function, and the a11y addon's checks.
        extends: true,
        plugins: [storybookTest({ configDir: here('.storybook') })],
        test: {
          name: 'storybook',
          browser: {
            enabled: true,
            headless: true,
            provider: chromium(),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
