/**
 * The runtime's single endpoint: one HTTP port that speaks each AWS service's own wire protocol, so unmodified SDK v3
 * clients and the AWS CLI work with `AWS_ENDPOINT_URL` pointing here, over HTTP/1.1 or cleartext HTTP/2
 * (http-listener.ts). Signatures are never validated. The edge knows
 * no service by name: it serves the routes of whatever list of EmulatedServices it is given (local/platform/service.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { asAwsError, AwsError } from '../platform/aws-error';
import { sendAwsJsonError } from '../platform/protocols/aws-json';
import { amzTarget, routeMatches, routePriority, type EmulatedService, type ServiceRoute } from '../platform/service';
import { bodyRead, send } from './http-io';
import { createHttpListener } from './http-listener';

export interface EdgeServerOptions {
  /** 0 picks a free port (tests); the CLI passes 4566 or `$LOCAL_PORT`. */
  readonly port: number;
  /** Default `127.0.0.1`: the runtime is for this machine. */
  readonly host?: string;
  readonly services: readonly EmulatedService[];
  /** Where a request that made a service fail (a 5xx) is reported, with the request; stderr by default. */
  readonly logFailure?: (line: string) => void;
}

export interface EdgeServer {
  /** e.g. `http://127.0.0.1:4566`: the value for `AWS_ENDPOINT_URL`. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export const HEALTH_PATH = '/_runtime/health';

/** How much of a failing request's body the log line shows. */
const LOGGED_BODY_BYTES = 2048;

interface Routed {
  readonly service: string;
  readonly route: ServiceRoute;
}

/** Every service's routes, most specific first (see routePriority); ties keep the list's order. */
export function edgeRoutes(services: readonly EmulatedService[]): Routed[] {
  const routed = services.flatMap((service) => service.routes.map((route) => ({ service: service.name, route })));
  return routed.map((entry, index) => ({ entry, index }))
    .sort((a, b) => routePriority(a.entry.route) - routePriority(b.entry.route) || a.index - b.index)
    .map(({ entry }) => entry);
}

/** Starts the edge; resolves once it listens. */
export function startEdgeServer(options: EdgeServerOptions): Promise<EdgeServer> {
  const routes = edgeRoutes(options.services);
  const names = options.services.map((service) => service.name);
  const logFailure = options.logFailure ?? ((line: string) => process.stderr.write(`${line}\n`));
  const host = options.host ?? '127.0.0.1';
  const listener = createHttpListener((req, res) => {
    void dispatch(routes, names, req, res, logFailure);
  });
  const { server } = listener;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      const urlHost = host.includes(':') ? `[${host}]` : host;
      resolve({ url: `http://${urlHost}:${port}`, port, close: () => listener.close() });
    });
  });
}

async function dispatch(
  routes: readonly Routed[],
  names: readonly string[],
  req: IncomingMessage,
  res: ServerResponse,
  logFailure: (line: string) => void,
): Promise<void> {
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://edge.local');
  } catch {
    req.resume();
    return sendAwsJsonError(res, new AwsError('InvalidRequest', `Malformed request target: ${req.url}`));
  }
  if (url.pathname === HEALTH_PATH && req.method === 'GET') {
    req.resume();
    const body = { status: 'running', services: Object.fromEntries(names.map((name) => [name, 'running'])) };
    return send(res, 200, JSON.stringify(body), { 'Content-Type': 'application/json' });
  }
  const found = routes.find(({ route }) => routeMatches(route, req, url));
  if (!found) {
    req.resume();
    const target = amzTarget(req);
    if (target) return sendAwsJsonError(res, new AwsError('UnknownOperationException', `No service handles the target ${target}`));
    return sendAwsJsonError(res, new AwsError('UnknownOperationException', `No service handles ${req.method} ${url.pathname}`, 404));
  }
  watchForServerErrors(found.service, req, res, logFailure);
  try {
    await found.route.handle(req, res, url);
  } catch (error) {
    req.resume();
    sendAwsJsonError(res, asAwsError(error));
  }
}

/**
 * A 5xx from the edge is a bug of the runtime, never the client's doing (AWS answers hostile input with client
 * errors): each one is logged with the request that caused it, so it can be reproduced.
 */
function watchForServerErrors(service: string, req: IncomingMessage, res: ServerResponse, logFailure: (line: string) => void): void {
  res.once('finish', () => {
    if (res.statusCode < 500) return;
    const target = amzTarget(req);
    const body = bodyRead(req);
    const shown = body === undefined ? '(body not read)' : JSON.stringify(body.subarray(0, LOGGED_BODY_BYTES).toString('utf8'));
    logFailure(
      `[edge] ${service} answered ${res.statusCode} to ${req.method} ${req.url}${target ? ` X-Amz-Target: ${target}` : ''}` +
        ` Content-Type: ${req.headers['content-type'] ?? '(none)'} body (${body?.length ?? 0} bytes): ${shown}`,
    );
  });
}
