import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  server: { proxy: { '/graphql': { target: 'http://127.0.0.1:3000', ws: true }, '/health': 'http://127.0.0.1:3000', '/imports': 'http://127.0.0.1:3000', '/exports': 'http://127.0.0.1:3000', '/files': 'http://127.0.0.1:3000', '/evidence-packs': 'http://127.0.0.1:3000', '/impact-report.csv': 'http://127.0.0.1:3000', '/impact-report.pdf': 'http://127.0.0.1:3000' } },
  build: { outDir: 'dist', emptyOutDir: true },
});
