/**
 * DynamoDB, in memory and in process, through dynalite (a DynamoDB implementation on LevelDB, not a mock). The edge
 * hands it the raw HTTP request, so it serves the same port as every other service.
 *
 * dynalite has no transactions; TransactWriteItems and TransactGetItems are served here, on top of dynalite's own
 * single-item actions, under a readers-writer lock that makes them atomic and isolated (see transact-write-items.ts).
 * UpdateTimeToLive/DescribeTimeToLive are served here too (time-to-live.ts).
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { send } from '../edge/http-io';
import { AwsError } from '../platform/aws-error';
import { readAwsJsonObject, sendAwsJsonError } from '../platform/protocols/aws-json';
import { ClientRequestTokens } from './client-request-tokens';
import { dynaliteCaller, type DynamoDbCall } from './dynalite-call';
import { internalServerError } from './dynamodb-error';
import { ReadWriteLock } from './read-write-lock';
import { transactGetItems } from './transact-get-items';
import { TimeToLiveSettings } from './time-to-live';
import { transactWriteItems } from './transact-write-items';

// dynalite ships no type declarations; this is the part of its API used here.
type DynaliteFactory = (options: {
  createTableMs?: number;
  deleteTableMs?: number;
  updateTableMs?: number;
  path?: string;
}) => Server;

export interface EmbeddedDynamoDb {
  /** Serves one DynamoDB JSON 1.0 request (`X-Amz-Target: DynamoDB_20120810.*`). */
  handle(req: IncomingMessage, res: ServerResponse): void;
  close(): Promise<void>;
}

export interface EmbeddedDynamoDbOptions {
  /** A directory to persist tables in; in memory when absent. */
  readonly path?: string;
  /** The clock of the ClientRequestToken idempotency window (tests move it); `Date.now` by default. */
  readonly now?: () => number;
}

const TARGET_PREFIX = 'DynamoDB_20120810.';
const CONTENT_TYPE = 'application/x-amz-json-1.0';

/** What the actions served here rather than by dynalite work with. */
interface LocalState {
  readonly call: DynamoDbCall;
  readonly tokens: ClientRequestTokens;
  readonly timeToLive: TimeToLiveSettings;
}

/** The actions dynalite lacks, served here; they run with the lock held exclusively. */
type LocalAction = (state: LocalState, input: Record<string, unknown>) => Promise<Record<string, unknown>>;
const LOCAL_ACTIONS: Record<string, LocalAction> = {
  TransactWriteItems: ({ call, tokens }, input) => transactWriteItems({ call, tokens }, input),
  TransactGetItems: ({ call }, input) => transactGetItems(call, input),
  UpdateTimeToLive: ({ timeToLive }, input) => timeToLive.update(input),
  DescribeTimeToLive: ({ timeToLive }, input) => timeToLive.describe(input),
};

/**
 * Creates the embedded DynamoDB. Tables are ACTIVE as soon as CreateTable answers (dynalite keeps them CREATING for
 * 500 ms by default, which would make a deploy wait for `tableExists` for nothing).
 */
export function createEmbeddedDynamoDb(options: EmbeddedDynamoDbOptions = {}): EmbeddedDynamoDb {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const dynalite = require('dynalite') as DynaliteFactory;
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, path: options.path });
  // dynalite closes its LevelDB only from server.close(), which refuses a server that never listened; a durable store
  // must be closed (LevelDB's own LOCK) before the next runtime opens the directory, so it listens on a loopback port
  // nobody uses.
  const listening = options.path ? new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)) : undefined;
  const call = dynaliteCaller(server);
  const state: LocalState = { call, tokens: new ClientRequestTokens(options.now), timeToLive: new TimeToLiveSettings(call) };
  const lock = new ReadWriteLock();
  return {
    handle(req, res) {
      const action = localAction(req);
      if (action) {
        void serveLocally(req, res, (input) => lock.exclusively(() => action(state, input)));
        return;
      }
      // dynalite refuses a request without a SigV4-looking Authorization header; the edge never checks signatures,
      // so an unsigned request (curl, a test) gets a placeholder.
      if (!req.headers.authorization) {
        req.headers.authorization =
          'AWS4-HMAC-SHA256 Credential=test/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0';
        req.headers['x-amz-date'] ??= '20200101T000000Z';
      }
      void lock.acquireShared().then((release) => {
        if (res.destroyed || res.writableEnded) return release();
        res.once('finish', release);
        res.once('close', release);
        server.emit('request', req, res);
      });
    },
    async close() {
      if (listening) {
        await listening;
        await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
        return;
      }
      // The dynalite server never listened (the edge owns the port), so there is no socket to close; dropping the
      // reference frees the in-memory store.
      server.removeAllListeners('request');
    },
  };
}

function localAction(req: IncomingMessage): LocalAction | undefined {
  const target = req.headers['x-amz-target'];
  const value = Array.isArray(target) ? target[0] : target;
  if (req.method !== 'POST' || !value?.startsWith(TARGET_PREFIX)) return undefined;
  const name = value.slice(TARGET_PREFIX.length);
  return Object.hasOwn(LOCAL_ACTIONS, name) ? LOCAL_ACTIONS[name] : undefined;
}

/** Reads a JSON 1.0 request, runs it and writes DynamoDB's answer, errors included, in the wire shape. */
async function serveLocally(
  req: IncomingMessage,
  res: ServerResponse,
  run: (input: Record<string, unknown>) => Promise<Record<string, unknown>>,
): Promise<void> {
  let input: Record<string, unknown>;
  try {
    input = await readAwsJsonObject(req);
  } catch (error) {
    // DynamoDB's front end names a malformed body `com.amazon.coral.service#SerializationException`.
    const failure = error as AwsError;
    return sendAwsJsonError(res, new AwsError(failure.code, failure.message, failure.statusCode, { namespace: 'com.amazon.coral.service' }));
  }
  try {
    send(res, 200, JSON.stringify(await run(input)), { 'Content-Type': CONTENT_TYPE });
  } catch (error) {
    sendAwsJsonError(res, error instanceof AwsError ? error : internalServerError((error as Error)?.message ?? String(error)));
  }
}
