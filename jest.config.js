/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Transpile only: `npm test` type-checks the whole repository with tsc first.
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // The Functions worker provides @azure/functions-core; tests use the local host's stand-in.
  moduleNameMapper: { '^@azure/functions-core$': '<rootDir>/dev/localHost/functionsCore.ts' },
  reporters: ['default', '<rootDir>/test/support/summaryReporter.js'],
};
