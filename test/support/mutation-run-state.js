// CommonJS: shared by the test environment and the test runner of `npm run mutate`, which jest
// loads without its transform.

/** Stryker names the mutant a run is for in this variable (one jest run per mutant). */
const ACTIVE_MUTANT = '__STRYKER_ACTIVE_MUTANT__';
/** Process-wide, so the test files after the failing one see it too (Stryker runs jest in band). */
const KILLED_MUTANT = 'DNC_MUTATION_KILLED_MUTANT';

module.exports = { ACTIVE_MUTANT, KILLED_MUTANT };
