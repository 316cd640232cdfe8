import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  // `npm run dev`: the page from Vite, the API from `npm start` (server.js) on port 3000.
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
