// Tests run on the compiled output (dist/): `tsc` has already type-checked and emitted them,
// so Jest needs no transformer and loads Nest 12's ESM-only packages natively.
const common = {
  testEnvironment: 'node',
  transform: {},
};

export default {
  // End-to-end suites start real processes on a 2-core machine: one file at a time.
  maxWorkers: process.env.JEST_MAX_WORKERS ?? '50%',
  // JEST_TIMEOUT_MS: more room for start-up hooks on a machine that is busy with other work.
  testTimeout: Number(process.env.JEST_TIMEOUT_MS ?? 60000),
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/dist/{apps,libs}/**/*.spec.js'],
      setupFiles: ['<rootDir>/jest.unit-setup.mjs'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/dist/test/**/*.e2e-spec.js'],
    },
  ],
};
