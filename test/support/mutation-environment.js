// CommonJS: Stryker loads the test environment with a plain require, without jest's transform.
const NodeEnvironment = require('jest-environment-node').TestEnvironment;
const { ACTIVE_MUTANT, KILLED_MUTANT } = require('./mutation-run-state');

/**
 * The test environment of `npm run mutate` (stryker.config.mjs): once a test or hook has failed
 * under a mutant, the rest of that mutant's run is skipped, since one failure already kills it.
 * Stryker bails like this by default, but cannot tell jest to (jest has no programmatic bail), so
 * without this every static mutant would run all of its related tests to the end.
 */
class MutationTestEnvironment extends NodeEnvironment {
  /** @param {import('@jest/types').Circus.Event} event */
  async handleTestEvent(event) {
    const mutant = process.env[ACTIVE_MUTANT];
    if (mutant === undefined) return;
    if (event.name === 'test_fn_failure' || event.name === 'hook_failure') {
      process.env[KILLED_MUTANT] = mutant;
    } else if (process.env[KILLED_MUTANT] === mutant) {
      if (event.name === 'run_describe_start') event.describeBlock.mode = 'skip';
      else if (event.name === 'test_start') event.test.mode = 'skip';
    }
  }
}

module.exports = MutationTestEnvironment;
