import { defineConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import react from '@vitejs/plugin-react';
import { chromiumArgs, chromiumPath } from './scripts/chromium.ts';

// Workspace packages resolve to their TypeScript sources (the "source" export condition), so tests
// never need a build first and always test the code beside them.
// Node-side projects resolve through Vite's SSR resolver, which needs the condition too.
const resolve = { conditions: ['source'] };
const ssr = { resolve: { conditions: ['source'], externalConditions: ['source'] } };

export default defineConfig({
  test: {
    reporters: process.env.CI ? ['default'] : ['default'],
    projects: [
      {
        resolve,
        ssr,
        test: {
          name: 'node',
          environment: 'node',
          include: ['packages/{core,proxy,sandbox}/src/**/*.test.ts', 'apps/demo/server/**/*.test.ts', 'bench/**/*.test.ts', 'scripts/**/*.test.ts'],
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        resolve,
        ssr,
        plugins: [react()],
        test: {
          name: 'jsdom',
          environment: 'jsdom',
          include: ['packages/components/src/**/*.test.{ts,tsx}'],
          exclude: ['packages/components/src/**/*.browser.test.{ts,tsx}'],
          setupFiles: ['packages/components/src/test/setup.ts'],
        },
      },
      {
        resolve,
        ssr,
        plugins: [react()],
        optimizeDeps: { include: ['react', 'react-dom', 'react-dom/client', 'react/jsx-dev-runtime'] },
        test: {
          name: 'browser',
          include: ['packages/components/src/**/*.browser.test.{ts,tsx}'],
          browser: {
            enabled: true,
            headless: true,
            // Debian's Chromium: a browser download cannot work on our machines.
            provider: playwright({ launchOptions: { executablePath: chromiumPath, args: chromiumArgs } }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
      {
        // Packed tarballs installed into throwaway host apps in a temp folder (test/host/host.test.ts).
        test: {
          name: 'host',
          environment: 'node',
          include: ['test/host/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 600_000,
        },
      },
      {
        resolve,
        ssr,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['apps/demo/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
