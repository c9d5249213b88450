// @ts-check
/**
 * `npm run mutate` (test/support/mutate.ts starts DynamoDB Local once, then Stryker with this).
 * Not part of CI: a full run takes tens of minutes on 2 cores; the README's contributor notes say
 * when to run it.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  jest: {
    projectType: 'custom',
    configFile: 'jest.config.js',
    enableFindRelatedTests: true,
    // Suites that run the code in other processes (npm start, bundles, the synthesizer) cannot see
    // which mutant is active, so they can kill none: leaving them out keeps the run in tens of minutes.
    // Under a mutant, the first failing test ends the run (Stryker's default bail, which it cannot
    // ask of jest): the environment skips the rest of that file, the runner does not load the files
    // after it, and the fast unit tests run first. Killing a static mutant, which runs against all
    // of its related tests, then takes seconds instead of the whole suite.
    config: {
      testPathIgnorePatterns: ['/node_modules/', '/test/e2e/', '/test/infra/'],
      testEnvironment: './test/support/mutation-environment.js',
      testSequencer: './test/support/mutation-test-sequencer.js',
      runner: './test/support/mutation-test-runner.js',
      // A mutant that makes a test wait (a retry that never ends) fails it in 20 s, not npm test's
      // 60 s. The slowest test takes 7 s alone; 20 s leaves room for three runs on two cores.
      testTimeout: 20_000,
    },
  },
  checkers: ['typescript'],
  // Only lambda/: the checker re-checks what imports a mutated file, and the whole project (the CDK
  // app, tests, tools) takes three times as long per check for mutants that compile just the same.
  tsconfigFile: 'tsconfig.mutate.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  // Every function's code; an index.ts only wires a handler together (one line each).
  mutate: ['lambda/**/*.ts', '!lambda/**/index.ts'],
  coverageAnalysis: 'perTest',
  // Mutants in module-level code (constants, regexes, sets built at load) run against every test:
  // jest loads each test file's modules afresh, so the mutant is active when the module loads.
  ignoreStatic: false,
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 85, break: null },
  concurrency: 2,
  timeoutMS: 20_000,
  // The initial run covers every test related to the mutated files: the whole suite for lambda/.
  dryRunTimeoutMinutes: 15,
  tempDirName: '.stryker-tmp',
  ignorePatterns: ['cdk.out', 'bench/.work', '.local', 'reports', 'coverage'],
  cleanTempDir: 'always',
};
