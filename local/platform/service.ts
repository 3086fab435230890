/**
 * The one shape of "a service behind the edge". Each emulated service (Step Functions, DynamoDB, Lambda, S3, SQS, SES,
 * SNS, API Gateway, the inbox; Bedrock next) is one module exporting one EmulatedService: its name, the routes
 * the edge recognises its requests by, `start(context)` and `close()`. startRuntime (local/runtime.ts) builds the
 * list, starts the services in order and closes them in reverse; the edge knows none of them by name.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from './clock';

/**
 * How the edge recognises a request as a route's, from the request line and headers only (the body stays unread for
 * the service). AWS tells services apart by host name; on one local port the request itself must say:
 * - `target`: the JSON protocols' `X-Amz-Target: <prefix>.<Action>` (Step Functions, DynamoDB, SQS);
 * - `path`: a REST path (Lambda's `/2015-03-31/functions/...`, SES v2's `/v2/email/...`, inspection pages);
 * - `scope`: the service named in the SigV4 credential scope (`Credential=AKID/20240101/us-east-1/s3/aws4_request`),
 *   for protocols whose paths are the customer's own names (the query protocol, S3's REST-XML).
 * `when` narrows any of them further (a method, a content type). The edge tries target routes first, then paths, then
 * scopes, so a more specific claim wins whatever the order of the services.
 */
export type RouteMatch =
  | { readonly target: string; readonly when?: RequestTest }
  | { readonly path: string | RegExp; readonly when?: RequestTest }
  | { readonly scope: string; readonly when?: RequestTest };

export type RequestTest = (req: IncomingMessage, url: URL) => boolean;

export interface ServiceRoute {
  readonly match: RouteMatch;
  /**
   * Answers the request in the service's own protocol, client errors included. A rejection is a bug: the edge answers
   * it with a 500 and logs the request that caused it.
   */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> | void;
}

/** What every service gets when the runtime starts it. */
export interface RuntimeContext {
  /** The edge URL (`AWS_ENDPOINT_URL`), known once the edge listens, before any service starts. */
  readonly endpoint: string;
  readonly region: string;
  readonly accountId: string;
  /** The runtime's one clock (see clock.ts). */
  readonly clock: Clock;
  /** Where services write what a developer should see (function logs, deploy progress). */
  readonly log: (line: string) => void;
  /**
   * Durable mode: the directory this service persists under (`<state dir>/<service>/`, created on first call), or
   * undefined when the runtime keeps state in memory (no LOCAL_STATE_DIR). The one mechanism for every service.
   */
  stateDirFor(service: string): string | undefined;
  /**
   * Another service of this runtime, by name. Every service is constructed before any starts, so a service may look
   * up any other here, in `start` or later (late binding): Step Functions finds Lambda for its task integrations,
   * SQS finds Lambda for its event source mappings, the inbox finds SES's captured mail.
   */
  service<T extends EmulatedService>(name: string): T;
}

export interface EmulatedService {
  /** The name `/_runtime/health` lists, e.g. `stepfunctions`, `dynamodb`, `sqs`. */
  readonly name: string;
  readonly routes: readonly ServiceRoute[];
  /** Called once, in list order, after the edge listens and before anything is deployed. */
  start?(context: RuntimeContext): Promise<void> | void;
  /** Called once, in reverse list order: stop timers and pollers, free memory. */
  close?(): Promise<void> | void;
}

/** The SigV4 credential scope's service (`Credential=AKID/20240101/us-east-1/sqs/aws4_request` → `sqs`); never verified. */
export function signingService(req: IncomingMessage): string | undefined {
  return /Credential=[^/]*\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/.exec(req.headers.authorization ?? '')?.[1];
}

/** The SigV4 credential scope's region, or undefined for an unsigned request. */
export function signingRegion(req: IncomingMessage): string | undefined {
  return /Credential=[^/]*\/\d{8}\/([^/]+)\/[^/]+\/aws4_request/.exec(req.headers.authorization ?? '')?.[1];
}

/** The `X-Amz-Target` header, e.g. `AWSStepFunctions.StartExecution`. */
export function amzTarget(req: IncomingMessage): string | undefined {
  const target = req.headers['x-amz-target'];
  return Array.isArray(target) ? target[0] : target;
}

/** The action of a JSON-protocol request: what follows the first dot of `X-Amz-Target`. */
export function targetAction(req: IncomingMessage): string {
  const target = amzTarget(req) ?? '';
  const dot = target.indexOf('.');
  return dot < 0 ? '' : target.slice(dot + 1);
}

/** Does this route claim the request? */
export function routeMatches(route: ServiceRoute, req: IncomingMessage, url: URL): boolean {
  const match = route.match;
  let claimed: boolean;
  if ('target' in match) claimed = amzTarget(req)?.startsWith(`${match.target}.`) ?? false;
  else if ('path' in match) claimed = typeof match.path === 'string' ? url.pathname === match.path : match.path.test(url.pathname);
  else claimed = signingService(req) === match.scope;
  return claimed && (match.when?.(req, url) ?? true);
}

/** Target routes, then path routes, then scope routes: the most specific claim first. */
export function routePriority(route: ServiceRoute): number {
  return 'target' in route.match ? 0 : 'path' in route.match ? 1 : 2;
}
