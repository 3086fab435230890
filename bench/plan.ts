/** What a bench run does, from its command line: which figures, how many processes, how long each phase lasts. */
import type { DistributedMapLoad } from './distributed-map/result';
import { MAP_REDRIVE_LOAD, MAP_REDRIVE_QUICK_LOAD, type MapRedriveLoad } from './map-redrive';
import type { OrdersLoad } from './orders/result';
import type { ReviewsLoad } from './reviews/result';
import type { IterationBudget } from './protocol';
import { isScenarioId, SCENARIO_IDS, type ScenarioId } from './scenarios';

export type FigureId = ScenarioId | 'f' | 'g' | 'orders' | 'sentiment' | 'durable' | 'dmap' | 'reviews' | 'images' | 'mapredrive';

export const FIGURE_IDS: readonly FigureId[] = [...SCENARIO_IDS, 'f', 'g', 'orders', 'sentiment', 'durable', 'dmap', 'reviews', 'images', 'mapredrive'];

export interface BenchPlan {
  readonly mode: 'quick' | 'full';
  readonly figures: readonly FigureId[];
  /** Fresh processes per engine for each throughput scenario. */
  readonly processesPerEngine: number;
  readonly warmup: IterationBudget;
  readonly timed: IterationBudget;
  /** Fresh processes per engine for the heap figure (each one runs `heapMaps` Maps). */
  readonly heapProcesses: number;
  readonly heapMaps: number;
  /** Fresh processes per engine for the import figure, after one untimed process that warms the file caches. */
  readonly importProcesses: number;
  /** Skip our engine (it is also skipped when local/engine/index.ts does not exist). */
  readonly peerOnly: boolean;
  readonly workerTimeoutMs: number;
  /** The order-processing load run on the local runtime (figure `orders`; our runtime only, so not under --peer-only). */
  readonly orders: OrdersLoad;
  /** The review sentiment load run on the local runtime (figure `reviews`; our runtime only). */
  readonly reviews: ReviewsLoad;
  /** Durable mode against in memory (figure `durable`): the load of each run and how many rounds of the pair. */
  readonly durable: { readonly load: OrdersLoad; readonly rounds: number };
  /** The Distributed Map figure (figure `dmap`; our runtime only). */
  readonly distributedMap: DistributedMapLoad;
  /** The Map Run redrive figure (figure `mapredrive`; our engine only). */
  readonly mapRedrive: MapRedriveLoad;
}

/** The default run: about 2-3 minutes on 2 cores, dominated by the peer's (c) and (d). */
const FULL: Omit<BenchPlan, 'figures' | 'peerOnly'> = {
  mode: 'full',
  processesPerEngine: 3,
  warmup: { minIterations: 2, minMillis: 500, maxIterations: 1000 },
  timed: { minIterations: 5, minMillis: 1500, maxIterations: 2000 },
  heapProcesses: 2,
  heapMaps: 10,
  importProcesses: 5,
  workerTimeoutMs: 180_000,
  orders: { orders: 400, concurrency: 20, warmupOrders: 40, soloOrders: 10, pollIntervalMs: 50, orderTimeoutMs: 60_000 },
  reviews: { reviews: 3000, rounds: 3, warmupReviews: 100 },
  durable: { load: { orders: 200, concurrency: 20, warmupOrders: 20, soloOrders: 0, pollIntervalMs: 50, orderTimeoutMs: 60_000 }, rounds: 3 },
  distributedMap: { items: 100_000, rssItems: [10_000, 100_000], rssHeapBudgetMb: 128, processes: 3 },
  mapRedrive: MAP_REDRIVE_LOAD,
};

/** `--quick`: one process per engine and short phases, for iterating on the engine (well under a minute). */
const QUICK: Omit<BenchPlan, 'figures' | 'peerOnly'> = {
  mode: 'quick',
  processesPerEngine: 1,
  warmup: { minIterations: 1, minMillis: 200, maxIterations: 200 },
  timed: { minIterations: 3, minMillis: 500, maxIterations: 500 },
  heapProcesses: 1,
  heapMaps: 10,
  importProcesses: 3,
  workerTimeoutMs: 120_000,
  orders: { orders: 100, concurrency: 20, warmupOrders: 20, soloOrders: 5, pollIntervalMs: 50, orderTimeoutMs: 60_000 },
  durable: { load: { orders: 100, concurrency: 20, warmupOrders: 20, soloOrders: 0, pollIntervalMs: 50, orderTimeoutMs: 60_000 }, rounds: 1 },
  distributedMap: { items: 100_000, rssItems: [10_000, 100_000], rssHeapBudgetMb: 128, processes: 1 },
  mapRedrive: MAP_REDRIVE_QUICK_LOAD,
  reviews: { reviews: 600, rounds: 1, warmupReviews: 50 },
};

export const USAGE = `usage: npm run bench -- [--quick] [--only a,b,c,d,e,f,g,orders,sentiment,durable,dmap,reviews,images,mapredrive] [--processes N] [--peer-only]
  a-e  throughput scenarios (ours/peer ratio of medians)   f  heap growth over ten 10,000-item Maps
  g    import cost of each engine's entry in a fresh process
  orders  orders/s, p50/p99 latency and transitions of order processing on the local runtime (400 orders, --quick 100),
          and the monthly Standard vs Express cost of 100,000 orders
  sentiment  the local Bedrock model's binary accuracy on 3,000 labelled review sentences, beside each single lexicon
  durable orders/s in durable mode (LOCAL_STATE_DIR) against in memory, alternating, ratio of medians (3 rounds, --quick 1)
  dmap    children/s of a Distributed Map (EXPRESS Pass children, 100,000 JSONL items in S3, ResultWriter) over items/s of an
          inline Map of the same items, and peak RSS of the runtime at 10,000 and 100,000 items
  reviews  reviews/s of the review sentiment workflow on the local runtime against direct InvokeModel calls, peak RSS,
           and what 1,000 reviews cost on AWS (3,000 reviews a run, 3 runs; --quick 600, 1 run)
  images  sharp vs jimp resizing the same JPEGs (ratio), images/s through the image pipeline, AWS cost per 10,000 images
  mapredrive  a redriven Map Run of 10,000 items with 1 % failures: the children the redrive ran (exactly the unsuccessful
          ones) and its wall time over the original run's (3 rounds, --quick 1)`;

const valueOf = (args: readonly string[], flag: string): string | undefined => {
  const inline = args.find((arg) => arg.startsWith(`${flag}=`));
  if (inline) return inline.slice(flag.length + 1);
  const index = args.indexOf(flag);
  return index >= 0 ? args[index + 1] : undefined;
};

/** Reads the command line; throws with the usage on anything it does not understand. */
export function parsePlan(args: readonly string[]): BenchPlan {
  const known = new Set(['--quick', '--only', '--processes', '--peer-only']);
  let previous: string | undefined;
  for (const arg of args) {
    const [flag = arg] = arg.split('=', 1);
    const isValue = previous !== undefined && ['--only', '--processes'].includes(previous);
    if (!known.has(flag) && !isValue) throw new Error(`unknown argument ${arg}\n${USAGE}`);
    previous = arg;
  }
  const base = args.includes('--quick') ? QUICK : FULL;
  const only = valueOf(args, '--only');
  const figures = only ? only.split(',').map((id) => id.trim()) : [...FIGURE_IDS];
  const unknown = figures.filter((id) => !(FIGURE_IDS as readonly string[]).includes(id));
  if (unknown.length) throw new Error(`unknown figure ${unknown.join(', ')}\n${USAGE}`);
  const processes = valueOf(args, '--processes');
  const processesPerEngine = processes === undefined ? base.processesPerEngine : Number(processes);
  if (!Number.isInteger(processesPerEngine) || processesPerEngine < 1) {
    throw new Error(`--processes wants a positive integer, not ${processes}\n${USAGE}`);
  }
  return { ...base, figures: figures as FigureId[], processesPerEngine, peerOnly: args.includes('--peer-only') };
}

export const scenarioFigures = (plan: BenchPlan): ScenarioId[] => plan.figures.filter(isScenarioId);
