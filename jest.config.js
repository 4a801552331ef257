/** @type {import('jest').Config} */
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }] };

const base = { testEnvironment: 'node', transform, moduleFileExtensions: ['ts', 'js', 'json'] };

// Levels that run against the Firebase emulators and one shared local stack; jest runs the
// global setup once for all of them (same module path).
const stack = {
  ...base,
  setupFiles: ['<rootDir>/test/helpers/env.ts'],
  globalSetup: '<rootDir>/test/helpers/global-setup.ts',
  globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
};

module.exports = {
  testTimeout: 60000,
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    {
      // Components of the local stack (Storage and Cloud Tasks emulators) driven by real clients;
      // each test starts the component it needs, no Firebase emulator involved.
      ...base,
      displayName: 'local',
      testMatch: ['<rootDir>/test/local/**/*.test.ts'],
    },
    { ...stack, displayName: 'emulator', testMatch: ['<rootDir>/test/emulator/**/*.test.ts'] },
    {
      // A web client in headless Chromium: the stock Firebase JS SDK, fetch and XMLHttpRequest
      // from a page on its own origin, against the same stack as the emulator level.
      ...stack,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.test.ts'],
    },
    {
      ...base,
      displayName: 'rules',
      testMatch: ['<rootDir>/test/rules/**/*.test.ts'],
    },
  ],
};
