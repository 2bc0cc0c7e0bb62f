/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  },
  // lib/cookie/rewrite.ts is embedded into the CloudFront Function and the Lambda@Edge
  // handler by its source text; coverage instrumentation would change that text.
  coveragePathIgnorePatterns: ['/node_modules/', '<rootDir>/lib/cookie/rewrite.ts'],
  testTimeout: 60_000,
};
