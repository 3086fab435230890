/**
 * Repeats the e2e skip banner (set by tests/support/e2e-global-setup.ts) after Jest's summary, where a reader of
 * `npm test` looks last, so skipped browser tests are never mistaken for passing ones. Jest always adds its summary
 * reporter after custom ones, so the banner is written as the process exits. Plain CommonJS: Jest loads reporters
 * without transforming them.
 */
const { writeSync } = require('node:fs');

class E2eSkipReporter {
  onRunComplete() {
    const banner = process.env.E2E_SKIP_BANNER;
    if (banner) process.once('exit', () => writeSync(1, `\n${banner}\n`));
  }
}

module.exports = E2eSkipReporter;
