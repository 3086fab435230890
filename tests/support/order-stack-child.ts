/**
 * The order stack's runtime as a child process, for durable mode's kill tests (order-stack.ts startOrderStackProcess):
 * `startRuntime` in durable mode on the state directory given first, stack outputs written to the file given second.
 * Prints `READY {url, region, outputs}` (one JSON line) once deployed; the log goes to stderr. SIGTERM closes the
 * runtime as Ctrl-C would; the test's SIGKILL closes nothing.
 */
import { startRuntime } from '../../local/runtime';
import { describeFailure } from '../../local/startup-errors';

async function main(stateDir: string, outputsFile: string): Promise<void> {
  const runtime = await startRuntime({ port: 0, stateDir, outputsFile, log: (line) => process.stderr.write(`${line}\n`) });
  process.once('SIGTERM', () => {
    void runtime.close().finally(() => process.exit(0));
  });
  process.stdout.write(`READY ${JSON.stringify({ url: runtime.url, region: runtime.region, outputs: runtime.outputs })}\n`);
}

main(process.argv[2] ?? '', process.argv[3] ?? '').catch((error: unknown) => {
  process.stderr.write(`${describeFailure(error)}\n`);
  process.exit(1);
});
