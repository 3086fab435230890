/**
 * One Jest config for every suite. SWC strips types (the typecheck is `tsc --noEmit`), so tests start fast.
 * Projects let a suite be run alone (`jest --selectProjects conformance`).
 * @type {import('jest').Config}
 */
const transform = { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2023', parser: { syntax: 'typescript' } } }] };

const project = (name) => ({
  displayName: name,
  testEnvironment: 'node',
  transform,
  testMatch: [`<rootDir>/tests/${name}/**/*.test.ts`],
});

/**
 * The browser suite settles its browser first (found, installed once, or skipped with a banner; see
 * tests/support/prepare-browser.ts). A project's globalSetup runs only when that project has tests selected.
 */
const e2e = {
  ...project('e2e'),
  globalSetup: '<rootDir>/tests/support/e2e-global-setup.ts',
  setupFilesAfterEnv: ['<rootDir>/tests/support/e2e-skip-without-browser.ts'],
};

module.exports = {
  // Per-project testTimeout is not honoured by Jest; suites that start a runtime set their own, longer, timeouts.
  testTimeout: 30_000,
  projects: [project('unit'), project('workflows'), project('iac'), project('conformance'), project('docs'), e2e],
  // The e2e skip banner again under the summary, where it is read.
  reporters: ['default', '<rootDir>/tests/support/e2e-skip-reporter.js'],
};
