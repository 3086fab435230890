/**
 * `npm run bench`: our engine against aws-local-stepfunctions in one run, reported as ratios of medians.
 *
 * Method: every measurement runs in a fresh worker process; engines alternate (ours, peer, ours, peer, ...) so that
 * drift on a shared machine hits both alike; inside a process, warm-up runs come before timed runs; every run's
 * output is checked against the scenario's expected output, so a wrong answer is reported, never timed. A
 * process's figure is the median of its runs; an engine's figure is the median of its processes' figures.
 * The exit code is 0 even when a goal is missed: this is a report; MISSED lines say what to look at.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { heapVerdict, importVerdict, MAX_HEAP_GROWTH_MB, MAX_IMPORT_SHARE, THROUGHPUT_GOALS, throughputVerdict, type Verdict } from './goals';
import { buildOursEntry, OURS_SOURCE, REPO_ROOT, type EngineName } from './entries';
import { distributedMapVerdict, measureDistributedMapFigure, type DistributedMapSection } from './distributed-map/section';
import { measureMapRedriveFigure, type MapRedriveSection } from './map-redrive';
import { ordersReadmeSection } from './orders/format';
import type { OrdersSection } from './orders/result';
import { parsePlan, scenarioFigures, USAGE, type BenchPlan } from './plan';
import type { WorkerJob, WorkerReply } from './protocol';
import { STEP_FUNCTIONS_PRICES } from './pricing';
import { formatImagesLines } from './images/format';
import { formatReport } from './report';
import { BYTES_PER_MB, figureOf, type BenchResults, type EngineFigure, type HeapResult, type ImportResult, type ThroughputResult } from './results';
import { buildScenarios, type Scenario } from './scenarios';
import { measureSentimentAccuracy, type SentimentSection } from './sentiment/accuracy';
import type { ReviewsSection } from './reviews/result';
import { runInWorker } from './spawn-worker';
import { median, ratio, throughput } from './stats';

const RESULTS_FILE = join(REPO_ROOT, '.local', 'bench-results.json');
/** The order figure as a README subsection, for the lead to paste. */
const ORDERS_README_FILE = join(tmpdir(), 'orders-bench-readme.md');

type Samples = Record<EngineName, { samples: number[]; errors: string[] }>;

const progress = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

/**
 * Runs `rounds` rounds of one job per engine, alternating engines within each round, and turns each reply into a
 * sample with `sampleOf` (a failed reply, or a reply `sampleOf` rejects, becomes an error kept verbatim).
 */
async function alternate(
  label: string,
  engines: readonly EngineName[],
  rounds: number,
  plan: BenchPlan,
  job: WorkerJob,
  sampleOf: (reply: WorkerReply) => number,
  unit: string,
): Promise<Samples> {
  const collected: Samples = { ours: { samples: [], errors: [] }, peer: { samples: [], errors: [] } };
  for (let round = 0; round < rounds; round += 1) {
    for (const engine of engines) {
      const reply = await runInWorker(engine, job, plan.workerTimeoutMs);
      if (reply.kind === 'failed') {
        collected[engine].errors.push(reply.message);
        progress(`${label} ${engine} #${round + 1}: FAILED ${reply.message}`);
        continue;
      }
      const sample = sampleOf(reply);
      collected[engine].samples.push(sample);
      progress(`${label} ${engine} #${round + 1}: ${sample.toLocaleString('en-US', { maximumFractionDigits: 2 })} ${unit}`);
    }
  }
  return collected;
}

const figuresOf = (samples: Samples): Record<EngineName, EngineFigure> => ({
  ours: figureOf(samples.ours.samples, samples.ours.errors),
  peer: figureOf(samples.peer.samples, samples.peer.errors),
});

/** A failure of our engine is a missed goal whatever the other processes measured. */
const oursVerdict = (ours: EngineFigure, measured: Verdict): Verdict => (ours.errors.length ? 'MISSED' : measured);

async function measureThroughput(scenario: Scenario, engines: readonly EngineName[], plan: BenchPlan): Promise<ThroughputResult> {
  const job: WorkerJob = { kind: 'throughput', scenario: scenario.id, warmup: plan.warmup, timed: plan.timed };
  const sampleOf = (reply: WorkerReply): number => {
    if (reply.kind !== 'throughput') throw new Error(`unexpected reply ${reply.kind}`);
    return median(reply.runMillis.map((ms) => throughput(scenario.workPerRun, ms)));
  };
  const { ours, peer } = figuresOf(await alternate(`(${scenario.id})`, engines, plan.processesPerEngine, plan, job, sampleOf, scenario.unit));
  const oursOverPeer = ratio(ours.median, peer.median);
  return {
    id: scenario.id,
    title: scenario.title,
    unit: scenario.unit,
    workPerRun: scenario.workPerRun,
    ours,
    peer,
    ratio: oursOverPeer,
    goal: `>= ${THROUGHPUT_GOALS[scenario.id]}x`,
    verdict: engines.includes('ours') ? oursVerdict(ours, throughputVerdict(scenario.id, oursOverPeer)) : 'n/a',
  };
}

async function measureHeap(engines: readonly EngineName[], plan: BenchPlan): Promise<HeapResult> {
  const job: WorkerJob = { kind: 'heap', maps: plan.heapMaps };
  const sampleOf = (reply: WorkerReply): number => {
    if (reply.kind !== 'heap') throw new Error(`unexpected reply ${reply.kind}`);
    return (reply.afterBytes - reply.beforeBytes) / BYTES_PER_MB;
  };
  const { ours, peer } = figuresOf(await alternate('(f)', engines, plan.heapProcesses, plan, job, sampleOf, 'MB'));
  return {
    maps: plan.heapMaps,
    ours,
    peer,
    goal: `< ${MAX_HEAP_GROWTH_MB} MB`,
    verdict: engines.includes('ours') ? oursVerdict(ours, heapVerdict(ours.median)) : 'n/a',
  };
}

async function measureImport(engines: readonly EngineName[], plan: BenchPlan): Promise<ImportResult> {
  const job: WorkerJob = { kind: 'import' };
  // One untimed process per engine first: the first load after a build reads cold files (and tsx fills its cache).
  for (const engine of engines) await runInWorker(engine, job, plan.workerTimeoutMs);
  const sampleOf = (reply: WorkerReply): number => {
    if (reply.kind !== 'import') throw new Error(`unexpected reply ${reply.kind}`);
    return reply.loadMillis;
  };
  const { ours, peer } = figuresOf(await alternate('(g)', engines, plan.importProcesses, plan, job, sampleOf, 'ms'));
  const share = ratio(ours.median, peer.median);
  return {
    ours,
    peer,
    share,
    goal: `<= ${MAX_IMPORT_SHARE}`,
    verdict: engines.includes('ours') ? oursVerdict(ours, importVerdict(share)) : 'n/a',
  };
}

/**
 * The order figure runs on our runtime in this process (the runtime runs its Lambdas in workers of its own), so its
 * modules load only when it is asked for; a failure becomes a note, as a failed worker does for the engine figures.
 */
async function measureOrdersFigure(plan: BenchPlan): Promise<OrdersSection> {
  if (plan.peerOnly) return { ordersNote: 'skipped under --peer-only: the order figure runs on our runtime only' };
  try {
    // Loaded here, not at the top: only this figure needs the runtime's import graph.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { measureOrders } = require('./orders/measure') as typeof import('./orders/measure');
    const orders = await measureOrders(plan.orders, progress);
    const machine = `${availableParallelism()} CPUs, ${process.platform}-${process.arch}, Node ${process.version}`;
    writeFileSync(ORDERS_README_FILE, ordersReadmeSection(orders, STEP_FUNCTIONS_PRICES, { date: new Date().toISOString().slice(0, 10), machine }));
    progress(`(orders) README subsection in ${ORDERS_README_FILE}`);
    return { orders };
  } catch (error) {
    return { ordersNote: `FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}` };
  }
}

/** Durable mode against in memory, loaded lazily as the order figure is; a failure becomes a note. */
async function measureDurableFigure(plan: BenchPlan): Promise<Pick<OrdersSection, 'durable' | 'durableNote'>> {
  if (plan.peerOnly) return { durableNote: 'skipped under --peer-only: the durable figure runs on our runtime only' };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { measureDurableOrders } = require('./orders/durable') as typeof import('./orders/durable');
    return { durable: await measureDurableOrders(plan.durable.load, plan.durable.rounds, progress) };
  } catch (error) {
    return { durableNote: `FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}` };
  }
}

/** The review sentiment figure, on our runtime in this process like the order figure; a failure becomes a note. */
async function measureReviewsFigure(plan: BenchPlan): Promise<ReviewsSection> {
  if (plan.peerOnly) return { reviewsNote: 'skipped under --peer-only: the review figure runs on our runtime only' };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { measureReviews } = require('./reviews/measure') as typeof import('./reviews/measure');
    return { reviews: await measureReviews(plan.reviews, progress) };
  } catch (error) {
    return { reviewsNote: `FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}` };
  }
}

function peerVersion(): string {
  const manifest = join(REPO_ROOT, 'node_modules', 'aws-local-stepfunctions', 'package.json');
  return `aws-local-stepfunctions ${(JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version}`;
}

/** The image figure (bench/images/measure.ts), loaded only when asked for: it pulls in sharp, jimp and the runtime. */
async function measureImagesFigure(plan: BenchPlan): Promise<import('./images/measure').ImagesResult> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { measureImages, IMAGES_FULL, IMAGES_QUICK } = require('./images/measure') as typeof import('./images/measure');
  return measureImages(plan.mode === 'quick' ? IMAGES_QUICK : IMAGES_FULL, progress);
}

async function main(args: readonly string[]): Promise<void> {
  let plan: BenchPlan;
  try {
    plan = parsePlan(args);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  const started = performance.now();
  const oursSkipped = plan.peerOnly ? '--peer-only' : existsSync(OURS_SOURCE) ? undefined : 'local/engine/index.ts does not exist yet';
  if (!oursSkipped) buildOursEntry();
  const engines: EngineName[] = oursSkipped ? ['peer'] : ['ours', 'peer'];
  const scenarios = buildScenarios();

  const throughputResults: ThroughputResult[] = [];
  for (const id of scenarioFigures(plan)) throughputResults.push(await measureThroughput(scenarios[id], engines, plan));
  const heap = plan.figures.includes('f') ? await measureHeap(engines, plan) : undefined;
  const importCost = plan.figures.includes('g') ? await measureImport(engines, plan) : undefined;
  const ordersSection = plan.figures.includes('orders') ? await measureOrdersFigure(plan) : {};
  const ordersFailed = ordersSection.ordersNote?.startsWith('FAILED') ?? false;
  // Not a timing: the model's answers on fixed sentences, in this process (the model is deterministic).
  const sentimentSection: SentimentSection = plan.figures.includes('sentiment') ? { sentiment: measureSentimentAccuracy() } : {};
  const durableSection = plan.figures.includes('durable') ? await measureDurableFigure(plan) : {};
  const distributedMapSection = plan.figures.includes('dmap') ? await measureDistributedMapFigure(plan, progress) : {};
  const dmapVerdict = distributedMapVerdict(distributedMapSection);
  const reviewsSection = plan.figures.includes('reviews') ? await measureReviewsFigure(plan) : {};
  const images = plan.figures.includes('images') ? await measureImagesFigure(plan) : undefined;
  const mapRedriveSection = plan.figures.includes('mapredrive') ? await measureMapRedriveFigure(plan.mapRedrive, plan.peerOnly, progress) : {};
  const mapRedriveVerdict = mapRedriveSection.mapRedrive?.verdict ?? (mapRedriveSection.mapRedriveNote?.startsWith('FAILED') ? 'MISSED' : undefined);

  const judged: { id: string; verdict: Verdict }[] = [
    ...throughputResults,
    ...(heap ? [{ id: 'f', verdict: heap.verdict }] : []),
    ...(importCost ? [{ id: 'g', verdict: importCost.verdict }] : []),
    ...(ordersSection.orders || ordersFailed ? [{ id: 'orders', verdict: ordersSection.orders?.verdict ?? 'MISSED' }] : []),
    ...(sentimentSection.sentiment ? [{ id: 'sentiment', verdict: sentimentSection.sentiment.verdict }] : []),
    ...(durableSection.durable || durableSection.durableNote?.startsWith('FAILED') ? [{ id: 'durable', verdict: durableSection.durable?.verdict ?? 'MISSED' }] : []),
    ...(dmapVerdict ? [{ id: 'dmap', verdict: dmapVerdict }] : []),
    ...(mapRedriveVerdict ? [{ id: 'mapredrive', verdict: mapRedriveVerdict }] : []),
  ];
  const results: BenchResults & OrdersSection & SentimentSection & DistributedMapSection & ReviewsSection & MapRedriveSection = {
    generatedAt: new Date().toISOString(),
    mode: plan.mode,
    machine: { node: process.version, platform: `${process.platform}-${process.arch}`, cpus: availableParallelism() },
    peer: peerVersion(),
    processesPerEngine: plan.processesPerEngine,
    oursSkipped,
    throughput: throughputResults,
    heap,
    import: importCost,
    ...ordersSection,
    ...sentimentSection,
    ...durableSection,
    ...distributedMapSection,
    ...reviewsSection,
    ...mapRedriveSection,
    missed: judged.filter((figure) => figure.verdict === 'MISSED').map((figure) => figure.id),
    elapsedSeconds: (performance.now() - started) / 1000,
  };
  mkdirSync(join(REPO_ROOT, '.local'), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify({ ...results, ...(images ? { images } : {}) }, null, 2)}\n`);
  process.stdout.write(`${formatReport(results)}\n`);
  if (images) process.stdout.write(`${formatImagesLines(images).join('\n')}\n`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n${USAGE}\n`);
    process.exitCode = 1;
  });
}
