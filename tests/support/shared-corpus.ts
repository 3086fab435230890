/**
 * The shared corpora recorded on AWS (../shared/conformance/*) are read in place, never copied into the project.
 * In a clone without them the suite that needs one says so and is skipped; under CI (`CI=true`, as GitHub Actions
 * and most CI services set it) a missing corpus fails the run instead, so a misconfigured pipeline cannot pass
 * by skipping the conformance checks.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface SharedCorpus {
  readonly dir: string;
  /** The corpus's own runner, `run.mjs`, started against an endpoint. */
  readonly runner: string;
  readonly present: boolean;
}

/** `$<envVar>` if set, else `../shared/conformance/<folder>` beside the project. */
export function sharedCorpus(folder: string, envVar: string): SharedCorpus {
  const dir = process.env[envVar] ?? path.resolve(__dirname, '../../../shared/conformance', folder);
  const runner = path.join(dir, 'run.mjs');
  return { dir, runner, present: existsSync(runner) };
}

/** True when the environment says this is a CI run. */
export const isCi = (env: NodeJS.ProcessEnv = process.env): boolean => env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';

/**
 * `describe` when the corpus is present. When it is missing: under CI, a suite whose one test fails naming the
 * missing folder; elsewhere, a warning and a skipped suite.
 */
export function describeWithCorpus(title: string, corpus: SharedCorpus, envVar: string, body: () => void): void {
  if (corpus.present) {
    describe(title, body);
    return;
  }
  const message = `Corpus not found at ${corpus.dir} (set ${envVar} to its folder).`;
  if (isCi()) {
    describe(title, () => {
      it('has its corpus (required under CI)', () => {
        throw new Error(`${message} CI is set, so a missing corpus fails the run rather than skipping it.`);
      });
    });
    return;
  }
  // Straight to stderr: Jest drops console output of a file whose tests are all skipped.
  process.stderr.write(`${message} The suite "${title}" is skipped.\n`);
  describe.skip(title, body);
}
