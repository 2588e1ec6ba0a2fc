import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The console and the citizen pages, served by `songda serve` from dist/web.
// `vite` (dev server) proxies the API to a running `songda serve` (SONGDA_API, default :8080).
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    // antd and echarts are split per route; the overview's first load is the entry plus its own chunk.
    chunkSizeWarningLimit: 1200,
  },
  server: {
    proxy: { '/api': process.env.SONGDA_API ?? 'http://localhost:8080' },
  },
});
