import { defineConfig } from 'vitest/config'

// Two projects: `unit` runs at most two files at once (the CI machine has two cores); `e2e` holds
// every file that starts Chromium or the CLI (timing-sensitive fault tests among them) and runs
// after it, one file at a time, after compiling the TypeScript once (the CLI runs from dist/).
const printing = [
  'tests/e2e/**/*.test.ts',
  'tests/visual/**/*.test.ts',
  'tests/comments/comments.test.ts',
  'tests/comments/repository.test.ts',
  'tests/review/check-github.test.ts',
  'tests/review/review-copy.test.ts',
  'tests/review/deleted-footnote.test.ts',
  'tests/robustness/faults.test.ts',
  'tests/robustness/hostile-input.test.ts',
  'tests/robustness/hostile.test.ts',
  'tests/robustness/property.test.ts',
  'tests/workflow/editions.test.ts',
  'tests/workflow/status.test.ts',
  'tests/watch/**/*.test.ts',
  'tests/pdfua/check.test.ts',
  'tests/pdfua/accessible.test.ts'
]

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
          exclude: [...printing, '**/node_modules/**'],
          testTimeout: 120_000,
          sequence: { groupOrder: 0 }
        }
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: printing,
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
