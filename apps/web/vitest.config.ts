import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// Component tests of the shared layer (src/ui), in jsdom; the browser tests in test/browser cover the screens.
export default defineConfig({
  plugins: [react()],
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.tsx', 'src/**/*.test.ts'],
    setupFiles: ['./vitest.setup.ts'],
  },
});
