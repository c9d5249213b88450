// CommonJS: jest loads a test runner without its transform.
const TestRunner = require('jest-runner').default;
const { ACTIVE_MUTANT, KILLED_MUTANT } = require('./mutation-run-state');

/**
 * The test runner of `npm run mutate` (stryker.config.mjs): once a test has failed under a mutant,
 * the test files after it are not even loaded. mutation-environment.js already skips their tests,
 * but loading each file (its modules, its AWS clients) still cost 10 to 30 s per static mutant,
 * which runs against every test file related to the mutated one.
 */
class MutationTestRunner extends TestRunner {
  /**
   * @param {Array<import('@jest/test-result').Test>} tests
   * @param {import('jest-runner').TestWatcher} watcher
   * @param {import('jest-runner').TestRunnerOptions} options
   */
  async runTests(tests, watcher, options) {
    // Stryker runs jest in band, so the files run one after another either way.
    for (const test of tests) {
      const mutant = process.env[ACTIVE_MUTANT];
      if (mutant !== undefined && process.env[KILLED_MUTANT] === mutant) return;
      await super.runTests([test], watcher, options);
    }
  }
}

module.exports = MutationTestRunner;
