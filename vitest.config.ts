import { defineConfig } from 'vitest/config';

/**
 * One runner for the whole repo. `*.test.ts` are unit tests (pure, milliseconds); `*.int.test.ts` start a
 * real server on port 0 with real Socket.IO clients and SQLite; `e2e/**` drive Debian's Chromium through
 * playwright-core against a real server. All of it runs in `npm test`.
 */
export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [
            '{contract,queue-server,printer,devices,ui,kiosk,display,console}/src/**/*.test.{ts,tsx}',
            'config/**/*.test.ts',
            'scripts/**/*.test.ts',
          ],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['{contract,queue-server,printer,devices,ui,kiosk,display,console}/src/**/*.int.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
