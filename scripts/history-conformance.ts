/**
 * Measures how close the runtime's execution histories are to AWS's: starts a bare Step Functions edge (no packaging)
 * and runs the shared history corpus's own runner against it, which prints `L1 a/N, L2 b/N, L3 c/N`.
 * usage: npm run conformance:history   (corpus: ../shared/conformance/sfn-history, or $SFN_HISTORY_CORPUS_DIR;
 * the runner's own SFN_FILTER, SFN_HISTORY_DUMP and SFN_CONCURRENCY pass through).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { startSfnEdge } from '../tests/support/sfn-edge';

const corpusDir = process.env.SFN_HISTORY_CORPUS_DIR ?? path.resolve(__dirname, '../../shared/conformance/sfn-history');
const runner = path.join(corpusDir, 'run.mjs');

async function main(): Promise<number> {
  if (!existsSync(runner)) {
    console.error(`History corpus not found at ${corpusDir} (set SFN_HISTORY_CORPUS_DIR).`);
    return 2;
  }
  const edge = await startSfnEdge();
  try {
    const child = spawn(process.execPath, [runner, edge.url], { stdio: 'inherit' });
    return await new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
  } finally {
    await edge.close();
  }
}

main().then((code) => process.exit(code), (error: unknown) => {
  console.error(error);
  process.exit(1);
});
