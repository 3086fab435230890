/**
 * The Map Run redrive figure (`--only mapredrive`): a Distributed Map of 10,000 items whose STANDARD children fail for
 * 1 % of the items (every 100th), so the run passes its tolerated count of 99 and fails; the cause is then fixed and
 * the parent redriven. Counted inside the children's Task: which children the redrive ran, which must be exactly
 * those that had not succeeded (the failed ones, and any the threshold aborted or left unstarted); and the redrive's
 * wall time against the original run's, paired in the same round, median over the rounds. On the engine in this
 * process, with an in-process Task, so the figure is the Map Run's own cost, not a service's.
 */
import type { Verdict } from './goals';
import { median } from './stats';

export interface MapRedriveLoad {
  readonly items: number;
  /** One item in `failEvery` fails on the first attempt. */
  readonly failEvery: number;
  readonly maxConcurrency: number;
  readonly rounds: number;
}

export const MAP_REDRIVE_LOAD: MapRedriveLoad = { items: 10_000, failEvery: 100, maxConcurrency: 1000, rounds: 3 };
export const MAP_REDRIVE_QUICK_LOAD: MapRedriveLoad = { ...MAP_REDRIVE_LOAD, rounds: 1 };

/** A redrive that re-runs 1 % of the children should cost well under the original run; the goal asks for less than half. */
export const MAX_REDRIVE_OVER_ORIGINAL = 0.5;

export interface MapRedriveRound {
  readonly originalMs: number;
  readonly redriveMs: number;
  /** First run: children that failed, were aborted at the threshold, or never started. */
  readonly failed: number;
  readonly aborted: number;
  readonly neverStarted: number;
  /** Children the redrive ran (counted in their Task). */
  readonly redriven: number;
  /** The redrive ran every child that had not succeeded, each once, and no other. */
  readonly exact: boolean;
}

export interface MapRedriveResult {
  readonly load: MapRedriveLoad;
  readonly rounds: readonly MapRedriveRound[];
  readonly medianOriginalMs: number;
  readonly medianRedriveMs: number;
  readonly ratio: number;
  readonly verdict: Verdict;
}

export interface MapRedriveSection {
  readonly mapRedrive?: MapRedriveResult;
  /** Why it was not measured, or `FAILED: ...`. */
  readonly mapRedriveNote?: string;
}

/** Loaded lazily (only this figure needs the engine's import graph here); a failure becomes a note. */
export async function measureMapRedriveFigure(load: MapRedriveLoad, peerOnly: boolean, progress: (line: string) => void): Promise<MapRedriveSection> {
  if (peerOnly) return { mapRedriveNote: 'skipped under --peer-only: the Map Run redrive figure runs on our engine only' };
  try {
    const rounds: MapRedriveRound[] = [];
    for (let round = 1; round <= load.rounds; round += 1) {
      rounds.push(await measureRound(load));
      const last = rounds.at(-1)!;
      progress(`(mapredrive) #${round}: original ${last.originalMs.toFixed(0)} ms, redrive ${last.redriveMs.toFixed(0)} ms, ${last.redriven} children redriven${last.exact ? '' : ' (NOT exactly the unsuccessful ones)'}`);
    }
    const medianOriginalMs = median(rounds.map((round) => round.originalMs));
    const medianRedriveMs = median(rounds.map((round) => round.redriveMs));
    const ratio = medianRedriveMs / medianOriginalMs;
    const verdict: Verdict = rounds.every((round) => round.exact) && ratio < MAX_REDRIVE_OVER_ORIGINAL ? 'met' : 'MISSED';
    return { mapRedrive: { load, rounds, medianOriginalMs, medianRedriveMs, ratio, verdict } };
  } catch (error) {
    return { mapRedriveNote: `FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}` };
  }
}

async function measureRound(load: MapRedriveLoad): Promise<MapRedriveRound> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { startExecution } = require('../local/engine/execution') as typeof import('../local/engine/execution');
  const { StatesError } = require('../local/engine/errors') as typeof import('../local/engine/errors');
  /* eslint-enable @typescript-eslint/no-require-imports */
  type MapRun = import('../local/engine/distributed/map-run-record').MapRun;

  const calls = new Uint16Array(load.items);
  const succeeded = new Uint8Array(load.items);
  let broken = true;
  const integrations = {
    async invoke(request: { parameters: unknown }): Promise<unknown> {
      const { index } = request.parameters as { index: number };
      calls[index] = (calls[index] ?? 0) + 1;
      await new Promise((resolve) => setImmediate(resolve));
      if (broken && index % load.failEvery === load.failEvery - 1) throw new StatesError('ItemBroken', `item ${index} is broken`);
      succeeded[index] = 1;
      return { index };
    },
  };
  const runs: MapRun[] = [];
  const host = { mapRunStarted: (run: MapRun) => runs.push(run), childStarted: () => undefined };
  const definition = {
    StartAt: 'Process items',
    States: {
      'Process items': {
        Type: 'Map', Label: 'Items', MaxConcurrency: load.maxConcurrency, ToleratedFailureCount: load.items / load.failEvery - 1,
        ItemSelector: { 'index.$': '$$.Map.Item.Index' },
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: 'Work', States: { Work: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:000000000000:function:work', End: true } },
        },
        End: true,
      },
    },
  };
  const items = Array.from({ length: load.items }, (_, index) => index);

  const started = performance.now();
  const execution = startExecution(definition as never, { input: items, integrations, mapRuns: host, stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:bench' });
  const first = await execution.done;
  const originalMs = performance.now() - started;
  if (first.status !== 'FAILED') throw new Error(`the original run should fail its threshold, but ended ${first.status}`);
  const counts = { ...runs[0]!.counts.executions };
  const before = Uint16Array.from(calls);
  const succeededFirst = Uint8Array.from(succeeded);
  const unsuccessful = succeededFirst.reduce((sum, value) => sum + (value ? 0 : 1), 0);

  broken = false;
  const redriveStarted = performance.now();
  execution.redrive();
  const second = await execution.done;
  const redriveMs = performance.now() - redriveStarted;
  if (second.status !== 'SUCCEEDED') throw new Error(`the redrive should succeed, but ended ${second.status}`);

  // A child that had succeeded must not run again; every other one must run exactly once.
  let redriven = 0;
  let exact = true;
  for (let index = 0; index < load.items; index += 1) {
    const ran = (calls[index] ?? 0) - (before[index] ?? 0);
    if (ran > 0) redriven += 1;
    if (ran !== (succeededFirst[index] ? 0 : 1)) exact = false;
  }
  return { originalMs, redriveMs, failed: counts.failed, aborted: counts.aborted, neverStarted: counts.pending, redriven, exact: exact && redriven === unsuccessful };
}

export function formatMapRedriveLines(section: MapRedriveSection): string[] {
  const result = section.mapRedrive;
  if (!result) return section.mapRedriveNote ? [`Map Run redrive not measured: ${section.mapRedriveNote}`] : [];
  const { load } = result;
  const first = result.rounds[0]!;
  return [
    `Map Run redrive on the engine (${load.items.toLocaleString('en-US')} items, STANDARD children, 1 in ${load.failEvery} failing, ` +
      `MaxConcurrency ${load.maxConcurrency}; median of ${load.rounds} round(s))`,
    `  first run       ${first.failed} failed, ${first.aborted} aborted at the threshold, ${first.neverStarted} never started; ` +
      `redrive ran ${first.redriven} children: ${result.rounds.every((round) => round.exact) ? 'exactly the unsuccessful ones' : 'NOT exactly the unsuccessful ones'}`,
    `  wall time       redrive ${result.medianRedriveMs.toFixed(0)} ms vs original ${result.medianOriginalMs.toFixed(0)} ms: ` +
      `ratio ${result.ratio.toFixed(3)} (goal < ${MAX_REDRIVE_OVER_ORIGINAL}) ${result.verdict}`,
  ];
}
