/**
 * API Gateway REST APIs on the edge, at LocalStack's path `/restapis/{id}/{stage}/_user_request_/{path}`: the request
 * is matched to a method of the deployed API, a Lambda proxy method invokes its function through the Lambda runtime
 * with a version 1.0 proxy event, and the result becomes the HTTP response; API Gateway's own answers (403 Missing
 * Authentication Token, 413, 502, 504) come in its shapes. APIs are deployed after the edge listens, so the table is
 * filled in by `deploy`.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AwsError } from '../platform/aws-error';
import type { LambdaModule } from '../lambda/module';
import type { EmulatedService, ServiceRoute } from '../platform/service';
import type { LambdaInvoker } from '../lambda/types';
import { buildProxyEvent, type ApiRequest } from './proxy-event';
import {
  FORBIDDEN,
  INTEGRATION_TIMEOUT,
  INTERNAL_SERVER_ERROR,
  MISSING_AUTHENTICATION_TOKEN,
  REQUEST_TOO_LARGE,
  proxyResponse,
  type HttpResponse,
} from './proxy-result';
import { matchRoute } from './route-matching';
import { USER_REQUEST_SEGMENT } from './local-urls';
import type { RestApiPlan } from './types';

/** API Gateway's payload quota. https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html */
export const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;
/** API Gateway's default integration timeout for REST APIs (29 s). */
export const INTEGRATION_TIMEOUT_MS = 29_000;

/** The edge's claim: any path into a deployed API's user requests. */
const USER_REQUEST_PATH = new RegExp(`^/restapis/[^/]+/[^/]+/${USER_REQUEST_SEGMENT}(?:/|$)`);
const INVOKE_PATH = new RegExp(`^/restapis/([^/]+)/([^/]+)/${USER_REQUEST_SEGMENT}(/[^?]*)?(?:\\?(.*))?$`);

export interface ApiGatewayServiceOptions {
  readonly lambda: LambdaInvoker;
  readonly accountId: string;
  /** Default 29 s; tests shorten it. */
  readonly integrationTimeoutMs?: number;
  /** Where malformed proxy results and integration failures are reported (API Gateway logs them, clients see 502). */
  readonly log?: (line: string) => void;
  /** The runtime's clock, for the proxy event's requestTime; the wall clock by default. */
  readonly now?: () => number;
}

export interface ApiGatewayService {
  /** The invoke route, `/restapis/{id}/{stage}/_user_request_/...`. */
  readonly routes: readonly ServiceRoute[];
  /** Replaces the served APIs (a deploy). */
  deploy(apis: readonly RestApiPlan[]): void;
  /** What is served now. */
  apis(): readonly RestApiPlan[];
}

/** The parts of `/restapis/{id}/{stage}/_user_request_/{path}?{query}`, from the raw request target. */
export function parseInvokeTarget(target: string): { apiId: string; stage: string; path: string; query: string } | undefined {
  const [, apiId, encodedStage, path, query] = INVOKE_PATH.exec(target) ?? [];
  if (apiId === undefined || encodedStage === undefined) return undefined;
  let stage: string;
  try {
    stage = decodeURIComponent(encodedStage);
  } catch {
    // A malformed escape names no stage: API Gateway answers as for any stage it does not have (403).
    return undefined;
  }
  return { apiId, stage, path: path || '/', query: query ?? '' };
}

/**
 * The request body, or undefined past `limit`. An oversized body is still read to its end (and dropped), so the client
 * gets the 413 instead of a reset connection.
 */
function readPayload(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else chunks.length = 0;
    });
    req.on('end', () => resolve(size > limit ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Set by the edge from the body it sends, whatever the function said. */
const FRAMING_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection']);

function write(res: ServerResponse, response: HttpResponse, requestId: string): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const headers = Object.fromEntries(Object.entries(response.headers).filter(([name]) => !FRAMING_HEADERS.has(name.toLowerCase())));
  res.writeHead(response.statusCode, {
    ...headers,
    'x-amzn-RequestId': requestId,
    'Content-Length': String(response.body.length),
  });
  res.end(response.body);
}

function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), timeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
const TIMED_OUT: unique symbol = Symbol('timed out');

/** Creates the service; it serves nothing until `deploy`. */
export function createApiGatewayService(options: ApiGatewayServiceOptions): ApiGatewayService {
  let deployed = new Map<string, RestApiPlan>();
  const log = options.log ?? (() => undefined);
  const timeoutMs = options.integrationTimeoutMs ?? INTEGRATION_TIMEOUT_MS;

  async function answer(req: IncomingMessage, requestId: string): Promise<HttpResponse> {
    const target = parseInvokeTarget(req.url ?? '/');
    const api = target && deployed.get(target.apiId);
    const stage = api?.stages.find((candidate) => candidate.name === target?.stage);
    if (!target || !api || !stage) {
      req.resume();
      return FORBIDDEN();
    }
    const match = matchRoute(api.routes, req.method ?? 'GET', target.path);
    if (!match) {
      req.resume();
      return MISSING_AUTHENTICATION_TOKEN();
    }
    const body = await readPayload(req, MAX_PAYLOAD_BYTES);
    if (!body) return REQUEST_TOO_LARGE();
    const { integration } = match.route;
    if (integration.type === 'MOCK') {
      return { statusCode: integration.statusCode, headers: { 'Content-Type': 'application/json', ...integration.headers }, body: Buffer.alloc(0) };
    }
    if (integration.type === 'UNSUPPORTED') {
      log(`[apigateway] ${req.method} ${match.route.resourcePath}: ${integration.integrationType} integrations are not supported locally`);
      return { ...INTERNAL_SERVER_ERROR(), statusCode: 500 };
    }
    const request: ApiRequest = {
      method: req.method ?? 'GET',
      path: target.path,
      query: target.query,
      rawHeaders: req.rawHeaders,
      body,
      sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
    };
    const event = buildProxyEvent(request, match, {
      accountId: options.accountId,
      apiId: api.id,
      stage: stage.name,
      stageVariables: stage.variables,
      requestId,
      requestTime: new Date((options.now ?? Date.now)()),
      binaryMediaTypes: api.binaryMediaTypes,
    });
    try {
      const result = await withTimeout(options.lambda.invoke(integration.functionArn, event), timeoutMs);
      if (result === TIMED_OUT) return INTEGRATION_TIMEOUT();
      const { response, failure } = proxyResponse(result);
      if (failure) log(`[apigateway] ${req.method} ${match.route.resourcePath} → ${integration.functionName}: ${failure}`);
      return response;
    } catch (error) {
      if (error instanceof AwsError && error.code === 'RequestTooLargeException') return REQUEST_TOO_LARGE();
      log(`[apigateway] ${req.method} ${match.route.resourcePath}: invoking ${integration.functionName} failed: ${(error as Error)?.message ?? String(error)}`);
      return INTERNAL_SERVER_ERROR();
    }
  }

  return {
    routes: [
      {
        match: { path: USER_REQUEST_PATH },
        handle: async (req, res) => {
          const requestId = randomUUID();
          write(res, await answer(req, requestId), requestId);
        },
      },
    ],
    deploy(apis) {
      deployed = new Map(apis.map((api) => [api.id, api]));
    },
    apis: () => [...deployed.values()],
  };
}

export const API_GATEWAY = 'apigateway';

export interface ApiGatewayModule extends EmulatedService, Pick<ApiGatewayService, 'deploy' | 'apis'> {}

/** API Gateway as a service of the runtime: its Lambda proxy integrations invoke the `lambda` service's functions. */
export function createApiGatewayModule(): ApiGatewayModule {
  let lambda: LambdaInvoker | undefined;
  let log: (line: string) => void = () => undefined;
  let accountId = '000000000000';
  let now: () => number = Date.now;
  const invoker: LambdaInvoker = {
    invoke: (name, payload, invokeOptions) => {
      if (!lambda) throw new AwsError('ServiceUnavailable', 'The lambda service is still starting', 503);
      return lambda.invoke(name, payload, invokeOptions);
    },
  };
  const service = createApiGatewayService({ lambda: invoker, get accountId() { return accountId; }, log: (line) => log(line), now: () => now() });
  return {
    name: API_GATEWAY,
    routes: service.routes,
    deploy: (apis) => service.deploy(apis),
    apis: () => service.apis(),
    start(context) {
      lambda = context.service<LambdaModule>('lambda').runtime;
      log = context.log;
      accountId = context.accountId;
      now = () => context.clock.now();
    },
  };
}
