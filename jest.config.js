/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  },
  // The edge rewrite (lib/cookie/edge/rewrite.js) is measured too: the generator bundles the
  // file's text from disk, so instrumenting the module Node loads leaves the deployed code alone.
  collectCoverageFrom: ['lib/**/*.{ts,js}'],
  testTimeout: 60_000,
};
