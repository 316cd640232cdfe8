import { defineConfig } from 'vite';
import { jsonpEsmPlugin } from '../scripts/lib/jsonpAsEsm.mjs';

// Storybook's own Vite config: jsonp compiled to plain ESM as in the library build. Kept out of
// dependency pre-bundling, which would skip the plugin's transform, so dev serves what ships.
export default defineConfig({
  plugins: [jsonpEsmPlugin()],
  optimizeDeps: { exclude: ['jsonp'] },
});
