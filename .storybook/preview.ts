import type { Preview } from '@storybook/react-vite';
import { setupWorker } from 'msw/browser';
import { mswLoader } from 'msw-storybook-addon/csf3';

// A static build may be served from a sub-path: find the worker beside iframe.html. Under
// Vitest the page lives below /__vitest_test__/, and the public folder is served at the root.
const workerUrl = location.pathname.includes('__vitest') ? '/mockServiceWorker.js' : './mockServiceWorker.js';

const preview: Preview = {
  loaders: [
    mswLoader(async () => {
      const worker = setupWorker();
      await worker.start({ onUnhandledRequest: 'bypass', quiet: true, serviceWorker: { url: workerUrl } });
      return worker;
    }),
  ],
  parameters: {
    a11y: { test: 'error' },
    controls: { expanded: true },
  },
  tags: ['autodocs'],
};

export default preview;
