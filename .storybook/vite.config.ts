import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Storybook's own Vite config: the library build's (lib mode, d.ts) has no place here.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^debug$/, replacement: fileURLToPath(new URL('../src/core/noDebug.cjs', import.meta.url)) },
    ],
  },
});
