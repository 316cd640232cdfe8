import { cpSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { playwright } from '@vitest/browser-playwright';
import type { Plugin } from 'vite';
import dts from 'vite-plugin-dts';
import { defineConfig } from 'vitest/config';
import { JSONP_MODULE, jsonpAsEsm } from './scripts/lib/jsonpAsEsm.mjs';

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

/** Compiles jsonp to plain ESM without `debug` in the library build (see the helper's note). */
function jsonpEsmPlugin(): Plugin {
  return {
    name: 'one-tap-phone:jsonp-as-esm',
    enforce: 'pre',
    apply: 'build',
    transform: (code, id) => (JSONP_MODULE.test(id) ? { code: jsonpAsEsm(code), map: null } : undefined),
  };
}

/** The library's entries; the bin is ESM only, everything a program imports also ships as CJS. */
const ENTRIES = {
  index: here('src/index.ts'),
  'server/index': here('src/server/index.ts'),
  'server/node': here('src/server/node.ts'), // `one-tap-phone/server` under the `node` condition
  'mock/index': here('src/mock/index.ts'),
  'mock/msw': here('src/mock/msw.ts'),
};

/**
 * `vite build --mode cjs` writes the CommonJS build to dist/cjs, for `require` where Node's
 * require(esm) is not there: Jest, ts-node, CJS-only tooling. The folder gets a package.json
 * of `"type": "commonjs"` and a copy of the declarations, so TypeScript reads them as CJS.
 */
function cjsTypesPlugin(): Plugin {
  return {
    name: 'one-tap-phone:cjs-types',
    apply: 'build',
    writeBundle() {
      const declarations = readdirSync(here('dist'), { recursive: true, encoding: 'utf8' }).filter(
        (name) => name.endsWith('.d.ts') && !/^(cjs|bin)\//.test(name),
      );
      if (!declarations.includes('index.d.ts'))
        throw new Error('run the ESM build (it writes the .d.ts) first');
      for (const file of declarations) {
        cpSync(here(`dist/${file}`), here(`dist/cjs/${file}`));
      }
      writeFileSync(here('dist/cjs/package.json'), '{ "type": "commonjs" }\n');
    },
  };
}

export default defineConfig(({ mode }) => ({
  resolve: {
    // jsonp requires `debug`, which would log every JSONP answer (phone numbers) when enabled
    // and weighs more than jsonp itself: it never reaches a bundle of ours.
    alias: [{ find: /^debug$/, replacement: here('src/core/noDebug.cjs') }],
  },
  plugins: [
    jsonpEsmPlugin(),
    mode === 'cjs'
      ? cjsTypesPlugin()
      : dts({
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
    ...(mode === 'cjs'
      ? {
          outDir: 'dist/cjs',
          copyPublicDir: false,
          lib: { entry: ENTRIES, formats: ['cjs'], fileName: (_, name) => `${name}.js` },
        }
      : {
          lib: {
            entry: { ...ENTRIES, 'bin/one-tap-phone-mock': here('src/bin/oneTapPhoneMock.ts') },
            formats: ['es'],
          },
        }),
    rollupOptions: {
      external: [/^react($|\/)/, /^react-dom($|\/)/, /^@tanstack\//, /^msw($|\/)/, /^node:/],
      // `await import('node:http')` becomes a require in CJS: Jest runs CommonJS without
      // dynamic import unless started with --experimental-vm-modules.
      output: { dynamicImportInCjs: false },
    },
  },
  test: {
    // The default reporter, and a list of any test that came within three times of its timeout.
    reporters: ['default', './test/support/timeBudgetReporter.ts'],
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
}));
