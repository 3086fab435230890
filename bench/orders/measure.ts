/**
 * The order-processing load run: one offline runtime (real serverless.yml, ASL, handlers and DynamoDB engine), orders
 * placed through the public API by concurrent clients, executions followed through the Step Functions API, exactly as
 * tests/workflows/order-processing.test.ts drives them. Loaded lazily by run.ts, so engine-only runs never package.
 */
import { DynamoDBClient, BatchWriteItemCommand } from '@aws-sdk/client-dynamodb';
import { DescribeExecutionCommand, DescribeStateMachineCommand, GetExecutionHistoryCommand, SFNClient, type HistoryEvent } from '@aws-sdk/client-sfn';
import { startRuntime, type Runtime, type RuntimeOptions } from '../../local/runtime';
import { STEP_FUNCTIONS_PRICES } from '../pricing';
import { monthlyCosts } from './cost';
import { figuresOfHistory, type ExecutionFigures } from './history';
import { summarizeLatencies, tally } from './latency';
import { EXPECTED_STATUS, ORDERS_GOAL, ORDERS_PER_MONTH, ordersVerdict, type OrdersLoad, type OrdersResult } from './result';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
/** 5.00 USD: far below the approval threshold, so every order takes the automatic path. */
const PRICE_CENTS = 500;
/** Runtime log lines kept for a failure message (the run itself is quiet). */
const LOG_TAIL = 40;
const UNEXPECTED_SHOWN = 5;

interface PlacedOrder {
  readonly orderId: string;
  /** The outcome before there is an order status: `POST 400`, STUCK, or undefined once the execution ended. */
  readonly problem?: string;
  readonly executionArn?: string;
  readonly executionStatus?: string;
  readonly latencyMs?: number;
  /** Epoch ms: when the POST was sent and when the execution stopped. */
  readonly sentAt: number;
  readonly stoppedAt?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` on every item with one loop per worker (at most one per item), each loop taking the next item when it
 * is done; the results keep the items' order.
 */
async function inPool<T, W, R>(items: readonly T[], workers: readonly W[], work: (item: T, worker: W) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  // One iterator shared by every loop: each `for…of` step takes the entry no other loop has taken.
  const pending = items.entries();
  const loop = async (worker: W): Promise<void> => {
    for (const [index, item] of pending) results[index] = await work(item, worker);
  };
  await Promise.all(workers.slice(0, items.length).map(loop));
  return results;
}

/** `count` interchangeable workers, for a pool whose loops differ only in number. */
const workers = (count: number): number[] => Array.from({ length: count }, (_, index) => index);

class OrderClient {
  readonly sfn: SFNClient;
  readonly dynamodb: DynamoDBClient;

  constructor(
    private readonly runtime: Runtime,
    private readonly load: OrdersLoad,
  ) {
    const config = { endpoint: runtime.url, region: runtime.region, credentials };
    this.sfn = new SFNClient(config);
    this.dynamodb = new DynamoDBClient(config);
  }

  get apiUrl(): string {
    return this.output('ApiUrl');
  }

  /** One of the stack's outputs, which the bench cannot run without. */
  private output(name: string): string {
    const value = this.runtime.outputs[name];
    if (value === undefined) throw new Error(`the runtime's stack has no output ${name} (has serverless.yml changed?)`);
    return value;
  }

  /** One product per client, so concurrent orders never contend for the same item (no TransactionConflict waits). */
  async seed(products: readonly string[], stock: number): Promise<void> {
    const table = this.output('InventoryTableName');
    for (let start = 0; start < products.length; start += 25) {
      const requests = products.slice(start, start + 25).map((productId) => ({
        PutRequest: { Item: { productId: { S: productId }, name: { S: `Bench ${productId}` }, priceCents: { N: String(PRICE_CENTS) }, stock: { N: String(stock) } } },
      }));
      const answer = await this.dynamodb.send(new BatchWriteItemCommand({ RequestItems: { [table]: requests } }));
      if (Object.keys(answer.UnprocessedItems ?? {}).length) throw new Error('seeding the inventory left unprocessed items');
    }
  }

  /** POSTs one order and polls DescribeExecution until it ends; latency runs from the POST to the execution's stopDate. */
  async place(orderId: string, productId: string): Promise<PlacedOrder> {
    const body = { orderId, customer: { email: `${orderId}@example.org` }, items: [{ productId, quantity: 1 }], paymentToken: 'tok_ok' };
    const sentAt = Date.now();
    const response = await fetch(`${this.apiUrl}/orders`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const text = await response.text();
    if (response.status !== 202) return { orderId, sentAt, problem: `POST ${response.status}: ${text.slice(0, 200)}` };
    const { executionArn } = JSON.parse(text) as { executionArn: string };
    const deadline = sentAt + this.load.orderTimeoutMs;
    for (;;) {
      const execution = await this.sfn.send(new DescribeExecutionCommand({ executionArn }));
      if (execution.status !== 'RUNNING') {
        const stoppedAt = execution.stopDate?.getTime() ?? Date.now();
        return { orderId, sentAt, executionArn, executionStatus: execution.status, stoppedAt, latencyMs: stoppedAt - sentAt };
      }
      if (Date.now() > deadline) return { orderId, sentAt, executionArn, problem: `STUCK: still RUNNING after ${this.load.orderTimeoutMs} ms` };
      await sleep(this.load.pollIntervalMs);
    }
  }

  async orderStatus(orderId: string): Promise<{ status: string; reason?: string }> {
    const response = await fetch(`${this.apiUrl}/orders/${orderId}`);
    if (response.status !== 200) return { status: `GET ${response.status}` };
    const body = (await response.json()) as { status?: string; reason?: string | null };
    return { status: String(body.status), reason: body.reason ?? undefined };
  }

  async history(executionArn: string): Promise<HistoryEvent[]> {
    const events: HistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.sfn.send(new GetExecutionHistoryCommand({ executionArn, nextToken, maxResults: 1000 }));
      events.push(...(page.events ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    return events;
  }

  async definitionBytes(): Promise<number> {
    const machine = await this.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: this.output('OrderStateMachineArn') }));
    return Buffer.byteLength(machine.definition ?? '', 'utf8');
  }

  destroy(): void {
    this.sfn.destroy();
    this.dynamodb.destroy();
  }
}

/** Places `count` orders named `<prefix>-<index>`, client `k` always ordering product `k`. */
async function placeOrders(client: OrderClient, prefix: string, count: number, products: readonly string[]): Promise<PlacedOrder[]> {
  const indexes = Array.from({ length: count }, (_, index) => index);
  return inPool(indexes, products, (index, product) => client.place(`${prefix}-${index}`, product));
}

/**
 * Starts the runtime, runs the warm-up and the timed orders, reads histories and statuses, and prices the result.
 * `serviceDir` points the runtime at another checkout of the service (default: this repository); `stateDir` runs it in
 * durable mode (durable.ts).
 */
export async function measureOrders(load: OrdersLoad, progress: (line: string) => void, service: Pick<RuntimeOptions, 'serviceDir' | 'stateDir'> = {}): Promise<OrdersResult> {
  const logTail: string[] = [];
  const log = (line: string): void => {
    logTail.push(line);
    if (logTail.length > LOG_TAIL) logTail.shift();
  };
  const startedAt = performance.now();
  let runtime: Runtime;
  try {
    runtime = await startRuntime({ ...service, port: 0, outputsFile: false, log });
  } catch (error) {
    throw new Error(`the runtime did not start: ${(error as Error).message}\nlast runtime log lines:\n${logTail.join('\n')}`, { cause: error });
  }
  const since = (from: number): string => `${((performance.now() - from) / 1000).toFixed(1)} s`;
  progress(`(orders) runtime started in ${since(startedAt)}`);
  const client = new OrderClient(runtime, load);
  try {
    const products = Array.from({ length: load.concurrency }, (_, index) => `bench-product-${index}`);
    await client.seed(products, Math.ceil((load.orders + load.warmupOrders) / load.concurrency) + load.soloOrders + 10);

    let phase = performance.now();
    const warm = await placeOrders(client, 'bench-warmup', load.warmupOrders, products);
    progress(`(orders) warm-up in ${since(phase)}: ${tallyText(warm.map((order) => order.problem ?? String(order.executionStatus)))}`);

    const placed = await placeOrders(client, 'bench-order', load.orders, products);
    const ended = placed.filter((order) => order.stoppedAt !== undefined);
    const firstSent = Math.min(...placed.map((order) => order.sentAt));
    const lastStopped = Math.max(...ended.map((order) => order.stoppedAt ?? 0));
    const elapsedSeconds = ended.length ? (lastStopped - firstSent) / 1000 : Number.NaN;
    progress(`(orders) timed: ${load.orders} orders in ${elapsedSeconds.toFixed(1)} s`);

    // One client, one order at a time: the execution duration without queueing for the machine's cores.
    phase = performance.now();
    const solo = await placeOrders(client, 'bench-solo', load.soloOrders, products.slice(0, 1));
    const soloSucceeded = solo.filter((order) => order.executionStatus === 'SUCCEEDED');
    const soloFigures = (await historyFigures(client, soloSucceeded, load.concurrency)).map(({ figures }) => figures);
    const soloProblems = solo.filter((order) => order.executionStatus !== 'SUCCEEDED').map((order) => `${order.orderId}: ${order.problem ?? order.executionStatus}`);

    progress(`(orders) ${load.soloOrders} orders one at a time in ${since(phase)}`);
    phase = performance.now();
    const outcomes = await finalStatuses(client, placed, load.concurrency);
    const statuses = tally(outcomes.map((outcome) => outcome.status));
    const unexpected = [
      ...outcomes.filter((outcome) => outcome.status !== EXPECTED_STATUS).map((outcome) => `${outcome.orderId}: ${outcome.status}${outcome.reason ? ` (${outcome.reason})` : ''}`),
      ...soloProblems,
    ].slice(0, UNEXPECTED_SHOWN);

    const figures = await historyFigures(client, ended, load.concurrency);
    const confirmedIds = new Set(outcomes.filter((outcome) => outcome.status === EXPECTED_STATUS).map((outcome) => outcome.orderId));
    const happy = figures.find(({ order }) => confirmedIds.has(order.orderId) && order.executionStatus === 'SUCCEEDED');
    const happyPath = happy && { orderId: happy.order.orderId, transitions: happy.figures.transitions, retries: happy.figures.retries, statesEntered: happy.figures.statesEntered };
    const succeeded = figures.filter(({ order }) => order.executionStatus === 'SUCCEEDED').map(({ figures: f }) => f);
    const priced = soloFigures.length ? soloFigures : succeeded;
    const definitionBytes = await client.definitionBytes();
    progress(`(orders) statuses and histories read in ${since(phase)}`);
    const transitionCounts = figures.map(({ figures: f }) => f.transitions);
    for (const { order, figures: f } of figures.filter(({ figures: f }) => happy && f.transitions > happy.figures.transitions).slice(0, UNEXPECTED_SHOWN)) {
      progress(`(orders) ${order.orderId} took ${f.transitions} transitions (${f.retries} retries): ${f.statesEntered.join(' > ')}`);
    }
    const cost =
      happy && priced.length
        ? monthlyCosts(
            {
              ordersPerMonth: ORDERS_PER_MONTH,
              transitionsPerOrder: happy.figures.transitions,
              durationsMs: priced.map((f) => f.durationMs),
              memory: {
                definitionBytes,
                executionDataBytes: Math.max(...[...succeeded, ...soloFigures].map((f) => f.maxDataBytes)),
                parallelOrMapSteps: happy.figures.parallelOrMapSteps,
              },
            },
            STEP_FUNCTIONS_PRICES,
          )
        : undefined;
    if (unexpected.length) progress(`(orders) last runtime log lines:\n${logTail.join('\n')}`);
    return {
      load,
      elapsedSeconds,
      ordersPerSecond: ended.length / elapsedSeconds,
      latencyMs: summarizeLatencies(ended.map((order) => order.latencyMs ?? Number.NaN)),
      statuses,
      unexpected,
      happyPath,
      transitionsRange: transitionCounts.length ? { min: Math.min(...transitionCounts), max: Math.max(...transitionCounts) } : undefined,
      definitionBytes,
      executionMs: { underLoad: average(succeeded.map((f) => f.durationMs)), alone: average(soloFigures.map((f) => f.durationMs)) },
      cost,
      goal: ORDERS_GOAL,
      verdict: soloProblems.length ? 'MISSED' : ordersVerdict(load.orders, statuses, happyPath),
    };
  } finally {
    client.destroy();
    const closing = performance.now();
    await runtime.close();
    progress(`(orders) runtime closed in ${since(closing)}`);
  }
}

const average = (values: readonly number[]): number => values.reduce((sum, value) => sum + value, 0) / (values.length || Number.NaN);

const tallyText = (values: readonly string[]): string =>
  Object.entries(tally(values))
    .map(([value, count]) => `${value} ${count}`)
    .join(', ');

/** The order status the API reports for each order, or the problem that left it without one. */
async function finalStatuses(client: OrderClient, placed: readonly PlacedOrder[], concurrency: number): Promise<{ orderId: string; status: string; reason?: string }[]> {
  return inPool(placed, workers(concurrency), async (order): Promise<{ orderId: string; status: string; reason?: string }> => {
    if (!order.problem) return { orderId: order.orderId, ...(await client.orderStatus(order.orderId)) };
    // `POST 400: …` or `STUCK: …`: the status is the part before the colon.
    const [status = order.problem] = order.problem.split(':', 1);
    return { orderId: order.orderId, status, reason: order.problem };
  });
}

async function historyFigures(client: OrderClient, ended: readonly PlacedOrder[], concurrency: number): Promise<{ order: PlacedOrder; figures: ExecutionFigures }[]> {
  return inPool(ended, workers(concurrency), async (order) => ({ order, figures: figuresOfHistory(await client.history(String(order.executionArn))) }));
}
