/**
 * A runtime without a deploy, for durable mode's restart tests: every service of `runtimeServices()` behind the edge,
 * on the state directory given as the first argument, with the clock `LOCAL_CLOCK_SPEED` says. Prints `READY <url>`
 * once Step Functions has resumed what the directory holds; the test kills it with SIGKILL.
 */
import { startPlatform } from '../../local/platform/compose';
import { openStateDir } from '../../local/platform/state-dir';
import { clockFromEnvironment, LOCAL_ACCOUNT_ID, runtimeServices } from '../../local/runtime';
import { STEP_FUNCTIONS, type StepFunctionsModule } from '../../local/stepfunctions/module';
import { describeFailure } from '../../local/startup-errors';

async function main(dir: string): Promise<void> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const stateDir = openStateDir(dir, { log });
  const platform = await startPlatform({
    services: runtimeServices(), port: 0, region: 'us-east-1', accountId: LOCAL_ACCOUNT_ID, clock: clockFromEnvironment(stateDir.root), log, stateDir,
  });
  platform.context.service<StepFunctionsModule>(STEP_FUNCTIONS).api?.resume();
  process.stdout.write(`READY ${platform.url}\n`);
}

main(process.argv[2] ?? '').catch((error: unknown) => {
  process.stderr.write(`${describeFailure(error)}\n`);
  process.exit(1);
});
