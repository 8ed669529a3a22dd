// Jest: TypeScript through SWC; one embedded PostgreSQL and one workflow bundle per run.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 120_000,
  maxWorkers: 2,
  setupFiles: ['<rootDir>/test/support/quiet-logs.ts'],
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};
