import { defineConfig } from 'vitest/config'

// Two projects: unit tests run in parallel (at most two workers: the CI machine has two cores);
// end-to-end tests start Chromium, so they run after the unit tests, one file at a time.
export default defineConfig({
  test: {
    env: { NO_COLOR: '1', FORCE_COLOR: '0' },
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/e2e/**', '**/node_modules/**'],
          testTimeout: 20_000,
          sequence: { groupOrder: 0 }
        }
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/e2e/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 300_000,
          hookTimeout: 300_000,
          sequence: { groupOrder: 1 }
        }
      }
    ]
  }
})
