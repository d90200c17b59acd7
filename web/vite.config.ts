import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The dashboard builds into web/dist, which the node serves at `/` (src/dashboard/dashboardStatic.ts).
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  logLevel: 'warn',
});
