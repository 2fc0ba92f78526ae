import { defineConfig } from 'vitest/config'

// Two projects: `unit` (every tests/**/*.test.ts outside tests/e2e) runs at most two files at
// once, the CI machine having two cores (a file that prints starts one Chromium); `e2e` runs
// after it, one file at a time, after compiling the TypeScript once (the CLI runs from dist/).
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
          testTimeout: 120_000,
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
