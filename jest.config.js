/** @type {import('jest').Config} */
export default {
  testEnvironment: '<rootDir>/__tests__/setup/environment.cjs',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  testTimeout: 60000,
  setupFiles: ['<rootDir>/__tests__/setup/fast-check.ts'],
};
