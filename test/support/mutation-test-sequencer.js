// CommonJS: jest loads a test sequencer without its transform.
const Sequencer = require('@jest/test-sequencer').default;

/** Fast, focused layers first: under a mutant, the first failure ends the run (mutation-environment.js). */
const layers = ['/test/unit/', '/test/security/', '/test/integration/', '/test/reliability/'];

/** @param {import('@jest/test-result').Test} test */
const layerOf = (test) => {
  const layer = layers.findIndex((folder) => test.path.includes(folder));
  return layer === -1 ? layers.length : layer;
};

/** The test order of `npm run mutate` (stryker.config.mjs): by layer, then by path. */
class MutationTestSequencer extends Sequencer {
  /** @param {Array<import('@jest/test-result').Test>} tests */
  sort(tests) {
    return [...tests].sort((a, b) => layerOf(a) - layerOf(b) || a.path.localeCompare(b.path));
  }
}

module.exports = MutationTestSequencer;
