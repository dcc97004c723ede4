import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Served by the gateway under /admin/ (same origin as /api/*). `npm run dev` proxies the API to a local gateway
// (scripts/run.sh), so the dev server is same-origin too.
export default defineConfig({
  base: '/admin/',
  plugins: [react()],
  build: { outDir: 'dist', assetsDir: 'assets', sourcemap: false },
  server: {
    port: 5173,
    proxy: { '/api': { target: process.env.LP_GATEWAY ?? 'http://127.0.0.1:5000', changeOrigin: false } },
  },
});
