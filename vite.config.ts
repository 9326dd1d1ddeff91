/**
 * Vite builds the web app from `web/` into `dist/web`, which the server serves (src/app.ts).
 * `npm run dev:web` serves it with hot reload and proxies `/api` to the server on port 3000.
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'web',
  plugins: [react()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://localhost:3000' },
  },
});
