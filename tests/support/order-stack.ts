/**
 * The order stack on the offline runtime, driven from a test through its public surfaces only: the runtime is started
 * on a free port (local/runtime.ts, which packages and deploys serverless.yml), inventory and payments are read and
 * written through @aws-sdk/client-dynamodb, executions through @aws-sdk/client-sfn, orders through the API (ApiUrl of
 * the stack outputs), and sent mail through the SES capture endpoint (`GET /_aws/ses`, as on LocalStack).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient, GetItemCommand, PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, SFNClient, type DescribeExecutionCommandOutput, type HistoryEvent } from '@aws-sdk/client-sfn';
import type { Clock } from '../../local/platform/clock';
import { startRuntime, type Runtime } from '../../local/runtime';
import { defined } from './defined';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
/** An API call that has not answered by then never will: the test fails naming it instead of hanging. */
const HTTP_TIMEOUT_MS = 30_000;

export interface OrderStackOptions {
  /** Prefix of the temporary directory that holds the stack outputs file, e.g. 'orders'. */
  readonly name: string;
  /**
   * The environment variable that, when set to a file path, keeps the runtime's log there (function output, failed
   * executions) once the stack closes, for a failing run; e.g. 'ORDERS_TEST_LOG'. Unset: the log stays in memory.
   */
  readonly logFileVariable?: string;
  /** Task TimeoutSeconds overrides keyed `<state machine name>/<state name>` (see RuntimeOptions). */
  readonly taskTimeoutOverrides?: Readonly<Record<string, number>>;
  /** How long waitForEnd polls by default before answering a still RUNNING execution; 60 s unless given. */
  readonly waitForEndTimeoutMs?: number;
  /** Durable mode's state directory (RuntimeOptions.stateDir); in memory when absent. The caller removes it. */
  readonly stateDir?: string;
  /** The runtime's clock (RuntimeOptions.clock), e.g. an accelerated one so Retry backoffs pass quickly. */
  readonly clock?: Clock;
}

/** A mail as the SES capture endpoint lists it. */
export interface SentMail {
  Destination?: { ToAddresses?: string[] };
  Subject?: string;
  Body?: { text_part?: string | null; html_part?: string | null };
}

/** One row of the payments table. */
export interface Charge {
  orderId: string;
  chargeId: string;
  amountCents: number;
}

/** A refunded charge of the payments table. */
export interface Refund {
  orderId: string;
  chargeId: string;
  refundId: string;
  amountCents: number;
}

export type ApprovalDecision = 'approve' | 'reject';

/** What the manager's browser saw: the page, the answer to the form, and a way to submit that form again. */
export interface DecisionAnswer {
  page: Response;
  answer: Response;
  answerHtml: string;
  replay(decision: ApprovalDecision): Promise<Response>;
}

/** The manager address of serverless.yml's custom.approvals. */
export const MANAGER = 'manager@example.com';

const HTML_ENTITIES: Readonly<Record<string, string>> = { '&amp;': '&', '&quot;': '"', '&#39;': "'", '&lt;': '<', '&gt;': '>' };
const unescapeHtml = (text: string): string => text.replace(/&(amp|quot|#39|lt|gt);/g, (entity) => HTML_ENTITIES[entity] ?? entity);

/** An HTTP answer of the orders API, its JSON body parsed ({} when empty). */
export interface ApiAnswer {
  status: number;
  body: Record<string, unknown>;
}

export interface PollOptions {
  /** Give up after this long; 30 s unless given. */
  readonly timeoutMs?: number;
  /** Wait this long between probes; 100 ms unless given. */
  readonly intervalMs?: number;
}

/** What a test reads of the runtime under the stack (in this process, or in a child process). */
export type StackRuntime = Pick<Runtime, 'url' | 'region' | 'outputs' | 'close'>;

export interface OrderStack {
  readonly runtime: StackRuntime;
  /** The API's base URL (stack output ApiUrl). */
  readonly apiUrl: string;
  readonly sfn: SFNClient;
  readonly dynamodb: DynamoDBClient;
  /** The runtime's log, one line each; a test may add its own lines for a failing run. */
  readonly logs: string[];
  /** Puts a product in the inventory table. */
  seedProduct(productId: string, stock: number, priceCents?: number, name?: string): Promise<void>;
  /** The product's stock, read consistently. */
  stockOf(productId: string): Promise<number>;
  /** The items of `table` whose attribute at `attributePath` (e.g. ['order', 'orderId']) equals `value`, unmarshalled. */
  scanWhere(table: string, attributePath: readonly string[], value: string): Promise<Record<string, unknown>[]>;
  /** The charges recorded for the order in the payments table. */
  chargesFor(orderId: string): Promise<Charge[]>;
  /** The refunds recorded for the order: the charges of the payments table marked refunded. */
  refundsFor(orderId: string): Promise<Refund[]>;
  /** POSTs `body` (a string is sent as is, anything else as JSON) to `/orders`. */
  postOrder(body: unknown): Promise<ApiAnswer>;
  /** GETs `/orders/{orderId}`. */
  getOrder(orderId: string): Promise<ApiAnswer>;
  /** The captured mails with `address` among their recipients. */
  mailsTo(address: string): Promise<SentMail[]>;
  /** Waits for the manager's mail about `orderId` and answers it with the approval link it carries. */
  managerMailFor(orderId: string, options?: PollOptions): Promise<{ mail: SentMail; link: string }>;
  /**
   * Acts as the manager's browser: opens the link (GET), then submits the page's form with `decision`, its hidden
   * fields and its cookie (POST). `replay` submits the same form again later, as a second tab or a replayed request would.
   */
  decideThroughLink(link: string, decision: ApprovalDecision): Promise<DecisionAnswer>;
  /**
   * Polls DescribeExecution until the execution is no longer RUNNING. At `timeoutMs` it answers the last description,
   * still RUNNING, so the caller's assertion on the status fails naming it (and a batch of executions can be tallied).
   */
  waitForEnd(executionArn: string, timeoutMs?: number): Promise<DescribeExecutionCommandOutput>;
  /** The execution's whole history, every page of GetExecutionHistory. */
  historyOf(executionArn: string): Promise<HistoryEvent[]>;
  /** Keeps the log if asked, destroys the clients, stops the runtime and removes the temporary directory. */
  close(): Promise<void>;
}

/** Polls `probe` until it returns something other than undefined, or fails naming `what` once the time is up. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, { timeoutMs = 30_000, intervalMs = 100 }: PollOptions = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Starts the offline runtime on a free port with its outputs in a temporary directory and its log captured. */
export async function startOrderStack(options: OrderStackOptions): Promise<OrderStack> {
  const workDir = mkdtempSync(path.join(tmpdir(), `${options.name}-`));
  const logs: string[] = [];
  let runtime: Runtime;
  try {
    runtime = await startRuntime({
      port: 0,
      outputsFile: path.join(workDir, 'stack-outputs.json'),
      log: (line) => logs.push(line),
      ...(options.taskTimeoutOverrides ? { taskTimeoutOverrides: options.taskTimeoutOverrides } : {}),
      ...(options.stateDir ? { stateDir: options.stateDir } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
    });
  } catch (error) {
    keepLog(options, logs);
    rmSync(workDir, { recursive: true, force: true });
    throw error;
  }
  return orderStackOn(runtime, options, logs, workDir);
}

/** An order stack whose runtime runs in a child process, so that a test can kill it with SIGKILL. */
export interface OrderStackProcess extends OrderStack {
  /** SIGKILL to the runtime (kill -9): nothing is closed or flushed; resolves once the process is gone. */
  kill(): Promise<void>;
}

const CHILD = path.join(__dirname, 'order-stack-child.ts');

/**
 * Starts the runtime as a child process (tests/support/order-stack-child.ts) in durable mode on `stateDir`. Node itself runs with tsx's loader, not the tsx wrapper: SIGKILL must reach the
 * process that holds the state directory.
 */
export async function startOrderStackProcess(options: OrderStackOptions & { readonly stateDir: string }): Promise<OrderStackProcess> {
  const workDir = mkdtempSync(path.join(tmpdir(), `${options.name}-`));
  const logs: string[] = [];
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, options.stateDir, path.join(workDir, 'stack-outputs.json')], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr.on('data', (chunk: Buffer) => logs.push(...chunk.toString().split('\n').filter(Boolean)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let started: Pick<Runtime, 'url' | 'region' | 'outputs'>;
  try {
    started = await new Promise((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        // The whole line: its JSON may arrive in more than one chunk.
        const ready = /^READY (.*)\n/m.exec(out)?.[1];
        if (ready) resolve(JSON.parse(ready) as Pick<Runtime, 'url' | 'region' | 'outputs'>);
      });
      void exited.then(() => reject(new Error(`The runtime process ended before it was ready:\n${logs.join('\n')}`)));
    });
  } catch (error) {
    keepLog(options, logs);
    rmSync(workDir, { recursive: true, force: true });
    throw error;
  }
  const alive = () => child.exitCode === null && child.signalCode === null;
  const stop = async (signal: NodeJS.Signals) => {
    if (alive()) child.kill(signal);
    await exited;
  };
  const stack = orderStackOn({ ...started, close: () => stop('SIGTERM') }, options, logs, workDir);
  return { ...stack, kill: () => stop('SIGKILL') };
}

function keepLog(options: OrderStackOptions, logs: readonly string[]): void {
  const file = options.logFileVariable ? process.env[options.logFileVariable] : undefined;
  if (file) writeFileSync(file, logs.join('\n'));
}

/** The stack's clients and helpers around a started runtime. */
function orderStackOn(runtime: StackRuntime, options: OrderStackOptions, logs: string[], workDir: string): OrderStack {
  const clientConfig = { endpoint: runtime.url, region: runtime.region, credentials };
  const sfn = new SFNClient(clientConfig);
  const dynamodb = new DynamoDBClient(clientConfig);
  const output = (name: string): string => defined(runtime.outputs[name], `the stack output ${name}`);
  const apiUrl = output('ApiUrl');
  const inventoryTable = output('InventoryTableName');
  const paymentsTable = output('PaymentsTableName');

  const scanWhere = async (table: string, attributePath: readonly string[], value: string): Promise<Record<string, unknown>[]> => {
    const names = Object.fromEntries(attributePath.map((attribute, index) => [`#a${index}`, attribute]));
    const { Items = [] } = await dynamodb.send(
      new ScanCommand({ TableName: table, FilterExpression: `${Object.keys(names).join('.')} = :v`, ExpressionAttributeNames: names, ExpressionAttributeValues: { ':v': { S: value } }, ConsistentRead: true }),
    );
    return Items.map((item) => unmarshall(item));
  };

  const mailsTo = async (address: string): Promise<SentMail[]> => {
    const response = await fetch(`${runtime.url}/_aws/ses`);
    const { messages = [] } = (await response.json()) as { messages?: SentMail[] };
    return messages.filter((message) => message.Destination?.ToAddresses?.includes(address));
  };

  return {
    runtime,
    apiUrl,
    sfn,
    dynamodb,
    logs,

    async seedProduct(productId, stock, priceCents = 1250, name = `Product ${productId}`) {
      await dynamodb.send(
        new PutItemCommand({
          TableName: inventoryTable,
          Item: { productId: { S: productId }, name: { S: name }, priceCents: { N: String(priceCents) }, stock: { N: String(stock) } },
        }),
      );
    },

    async stockOf(productId) {
      const { Item } = await dynamodb.send(new GetItemCommand({ TableName: inventoryTable, Key: { productId: { S: productId } }, ConsistentRead: true }));
      return Number(Item?.stock?.N);
    },

    scanWhere,

    async chargesFor(orderId) {
      const items = await scanWhere(paymentsTable, ['orderId'], orderId);
      return items.map((item) => ({ orderId: String(item.orderId), chargeId: String(item.chargeId), amountCents: Number(item.amountCents) }));
    },

    async refundsFor(orderId) {
      const items = await scanWhere(paymentsTable, ['orderId'], orderId);
      return items
        .filter((item) => typeof item.refundId === 'string')
        .map((item) => ({ orderId: String(item.orderId), chargeId: String(item.chargeId), refundId: String(item.refundId), amountCents: Number(item.amountCents) }));
    },

    async postOrder(body) {
      const response = await fetch(`${apiUrl}/orders`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: typeof body === 'string' ? body : JSON.stringify(body),
        signal: AbortSignal.timeout(HTTP_TIMEOUT_MS),
      });
      const text = await response.text();
      return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
    },

    async getOrder(orderId) {
      const response = await fetch(`${apiUrl}/orders/${orderId}`, { signal: AbortSignal.timeout(HTTP_TIMEOUT_MS) });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },

    mailsTo,

    async managerMailFor(orderId, pollOptions) {
      const mail = await eventually(
        `the manager's mail about ${orderId}`,
        async () => (await mailsTo(MANAGER)).find((candidate) => candidate.Subject?.includes(`order ${orderId} `)),
        pollOptions,
      );
      const link = /https?:\/\/\S+\/approvals\/\S+/.exec(mail.Body?.text_part ?? '')?.[0];
      if (!link) throw new Error(`The manager's mail about ${orderId} carries no approval link`);
      return { mail, link };
    },

    async decideThroughLink(link, decision) {
      const page = await fetch(link, { redirect: 'manual' });
      const html = await page.text();
      const action = unescapeHtml(/<form[^>]*\saction="([^"]*)"/.exec(html)?.[1] ?? '');
      const fields = Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map(([, name = '', value = '']) => [name, unescapeHtml(value)]));
      const cookie = page.headers.getSetCookie().map((header) => header.split(';')[0]).join('; ');
      const submit = (chosen: ApprovalDecision) =>
        fetch(new URL(action, link), {
          method: 'POST',
          redirect: 'manual',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
          body: new URLSearchParams({ ...fields, decision: chosen }).toString(),
        });
      const answer = await submit(decision);
      return { page, answer, answerHtml: await answer.text(), replay: submit };
    },

    async waitForEnd(executionArn, timeoutMs = options.waitForEndTimeoutMs ?? 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
        if (execution.status !== 'RUNNING' || Date.now() > deadline) return execution;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },

    async historyOf(executionArn) {
      const events: HistoryEvent[] = [];
      let nextToken: string | undefined;
      do {
        const page = await sfn.send(new GetExecutionHistoryCommand({ executionArn, nextToken, maxResults: 1000 }));
        events.push(...(page.events ?? []));
        nextToken = page.nextToken;
      } while (nextToken);
      return events;
    },

    async close() {
      keepLog(options, logs);
      sfn.destroy();
      dynamodb.destroy();
      await runtime.close();
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}
