/** @type {import('jest').Config} */
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }] };

const base = { testEnvironment: 'node', transform, moduleFileExtensions: ['ts', 'js', 'json'] };

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
    {
      ...base,
      displayName: 'emulator',
      testMatch: ['<rootDir>/test/emulator/**/*.test.ts'],
      setupFiles: ['<rootDir>/test/helpers/env.ts'],
      globalSetup: '<rootDir>/test/helpers/global-setup.ts',
      globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
    },
    {
      ...base,
      displayName: 'rules',
      testMatch: ['<rootDir>/test/rules/**/*.test.ts'],
    },
  ],
};
