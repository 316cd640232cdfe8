import { fileURLToPath } from 'node:url';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { NO_DEBUG } from './scripts/lib/jsonpAsEsm.mjs';
import { beaconSink } from './test/support/beaconSink.mjs';

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

// Vitest's config; the library is built by tsdown (tsdown.config.ts).
export default defineConfig({
  resolve: {
    // jsonp requires `debug`, which would log every JSONP answer (phone numbers) when enabled.
    // Tests load jsonp as it is (Vite pre-bundles it), so `debug` is the helper's stub here.
    alias: [{ find: /^debug$/, replacement: NO_DEBUG }],
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
          include: ['test/node/**/*.test.ts'],
        },
      },
      {
        extends: true,
        // A same-origin route that records beacons (test/browser/beaconEvents.test.ts).
        plugins: [beaconSink()],
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
