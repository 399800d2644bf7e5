// One command, three projects: unit tests beside the code, e2e tests over HTTP and browser tests
// in Chromium, the last two on a real PostgreSQL started once for the run (test/setup).
const common = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  testEnvironment: 'node',
  cacheDirectory: '<rootDir>/.cache/jest',
};

export default {
  globalSetup: '<rootDir>/test/setup/global-setup.mjs',
  globalTeardown: '<rootDir>/test/setup/global-teardown.mjs',
  // one budget for every project: e2e files and browser flows start whole apps
  testTimeout: 120000,
  // Each test file loads the app's module graph afresh and the old one is not all let go (heap
  // +100–150 MB a file): in one process for the whole run, the last files ran 10–15 times slower
  // (CI: alliances.e2e 77 s for 0.4 s of tests). A limit makes Jest run the files in a worker
  // process (one on two cores, as before) and start a fresh one once a file leaves it above 800 MB.
  workerIdleMemoryLimit: '800MB',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/apps/api/src/**/*.spec.ts', '<rootDir>/libs/*/src/**/*.spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'] },
    { ...common, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.spec.ts'] },
  ],
};
