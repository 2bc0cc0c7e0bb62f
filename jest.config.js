const { cdktnModuleNameMapper } = require('./bin/cdktn-flavour');

const base = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  },
};

/** @type {import('jest').Config} */
module.exports = {
  // The edge rewrite (lib/cookie/edge/rewrite.js) is measured too: the generator bundles the
  // file's text from disk, so instrumenting the module Node loads leaves the deployed code alone.
  collectCoverageFrom: ['lib/**/*.{ts,js}'],
  testTimeout: 60_000,
  projects: [
    // Everything, with the Azure constructs on CDK for Terraform (cdktf).
    { ...base, displayName: 'cdktf', roots: ['<rootDir>/test'], testMatch: ['**/*.test.ts'], globals: { gmsEdgeCdkFlavour: 'cdktf' } },
    // The whole Azure suite again on CDK Terrain (cdktn): every cdktf import loads the cdktn package.
    { ...base, displayName: 'cdktn', roots: ['<rootDir>/test/azure'], testMatch: ['**/*.test.ts'], moduleNameMapper: cdktnModuleNameMapper(), globals: { gmsEdgeCdkFlavour: 'cdktn' } },
  ],
};
