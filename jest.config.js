// Tests run on the compiled output (dist/): `tsc` has already type-checked and emitted them,
// so Jest needs no transformer and loads Nest 12's ESM-only packages natively.
const common = {
  testEnvironment: 'node',
  transform: {},
  moduleNameMapper: {},
};

export default {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/dist/{apps,libs}/**/*.spec.js'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/dist/test/**/*.e2e-spec.js'],
      maxWorkers: 1,
      testTimeout: 60000,
    },
  ],
};
