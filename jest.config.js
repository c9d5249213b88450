/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // The source folders too: `jest --findRelatedTests` (Stryker's per-mutant test selection) only
  // follows imports into files under a root.
  roots: ['<rootDir>/test', '<rootDir>/lambda', '<rootDir>/lib', '<rootDir>/local'],
  testMatch: ['**/*.test.ts'],
  // Type checking is `npm run typecheck`'s job: with `isolatedModules` (tsconfig) ts-jest only
  // transpiles, which is fast and lets it turn middy's ESM-only packages into CommonJS for jest.
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }],
  },
  transformIgnorePatterns: ['/node_modules/(?!@middy/)'],
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    // middy publishes only an `import` export condition, which jest's CommonJS resolver skips.
    '^@middy/([a-z-]+)$': '<rootDir>/node_modules/@middy/$1/index.js',
  },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  setupFiles: ['<rootDir>/test/support/test-environment.ts'],
  snapshotSerializers: ['<rootDir>/test/support/asset-hash-serializer.ts'],
  testTimeout: 60_000,
};
