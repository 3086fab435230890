/**
 * How the conformance suites find the shared corpora and decide between skipping and failing when one is missing.
 */
import path from 'node:path';
import { isCi, sharedCorpus } from '../../support/shared-corpus';

describe('shared corpus location', () => {
  const saved = process.env.SFN_TEST_CORPUS_DIR;
  afterEach(() => {
    if (saved === undefined) delete process.env.SFN_TEST_CORPUS_DIR;
    else process.env.SFN_TEST_CORPUS_DIR = saved;
  });

  it('defaults to ../shared/conformance/<folder> beside the project and reports a missing runner as absent', () => {
    // Prepare
    delete process.env.SFN_TEST_CORPUS_DIR;

    // Act
    const corpus = sharedCorpus('no-such-corpus', 'SFN_TEST_CORPUS_DIR');

    // Assess
    expect(corpus.dir).toBe(path.resolve(__dirname, '../../../../shared/conformance/no-such-corpus'));
    expect(corpus.runner).toBe(path.join(corpus.dir, 'run.mjs'));
    expect(corpus.present).toBe(false);
  });

  it('takes the folder from its environment variable', () => {
    // Prepare
    process.env.SFN_TEST_CORPUS_DIR = '/somewhere/else';

    // Act
    const corpus = sharedCorpus('sfn', 'SFN_TEST_CORPUS_DIR');

    // Assess
    expect(corpus).toEqual({ dir: '/somewhere/else', runner: '/somewhere/else/run.mjs', present: false });
  });

  it.each([
    [{ CI: 'true' }, true],
    [{ CI: '1' }, true],
    [{ CI: 'false' }, false],
    [{ CI: '0' }, false],
    [{ CI: '' }, false],
    [{}, false],
  ])('reads CI=%j as a CI run: %s', (env, expected) => {
    expect(isCi(env)).toBe(expected);
  });
});
