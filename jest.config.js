const { cdktnModuleNameMapper } = require('./bin/cdktn-flavour');

const base = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  },
  // lib/cookie/rewrite.ts is embedded into the CloudFront Function and the Lambda@Edge
  // handler by its source text; coverage instrumentation would change that text.
  coveragePathIgnorePatterns: ['/node_modules/', '<rootDir>/lib/cookie/rewrite.ts'],
};

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 60_000,
  projects: [
    // Everything, with the Azure constructs on CDK for Terraform (cdktf).
    { ...base, displayName: 'cdktf', roots: ['<rootDir>/test'], testMatch: ['**/*.test.ts'], globals: { gmsEdgeCdkFlavour: 'cdktf' } },
    // The whole Azure suite again on CDK Terrain (cdktn): every cdktf import loads the cdktn package.
    { ...base, displayName: 'cdktn', roots: ['<rootDir>/test/azure'], testMatch: ['**/*.test.ts'], moduleNameMapper: cdktnModuleNameMapper(), globals: { gmsEdgeCdkFlavour: 'cdktn' } },
  ],
};
