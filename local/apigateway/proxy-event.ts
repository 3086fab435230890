/**
 * The event a Lambda proxy integration receives from a REST API: payload format 1.0.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html#api-gateway-simple-proxy-for-lambda-input-format
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { RouteMatch } from './route-matching';

/** An incoming request, as read off the wire. */
export interface ApiRequest {
  readonly method: string;
  /** The path after the stage, as sent (percent-encoding kept), e.g. `/orders/123`. */
  readonly path: string;
  /** The raw query string without `?`. */
  readonly query: string;
  /** Header names and values in arrival order, names as the client wrote them (Node's `rawHeaders`). */
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
  readonly sourceIp: string;
}

export interface EventContext {
  readonly accountId: string;
  readonly apiId: string;
  readonly stage: string;
  readonly stageVariables: Readonly<Record<string, string>>;
  readonly requestId: string;
  readonly requestTime: Date;
  /** Content types whose bodies are passed base64-encoded (the RestApi's BinaryMediaTypes). */
  readonly binaryMediaTypes: readonly string[];
}

/** Hop-by-hop and framing headers that API Gateway does not hand to the function. */
const DROPPED_HEADERS = new Set(['connection', 'content-length', 'transfer-encoding', 'keep-alive']);

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `requestContext.requestTime`'s CLF format, e.g. `09/Apr/2015:12:34:56 +0000`. */
export function formatRequestTime(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

/**
 * `headers` holds the last value of a repeated header, `multiValueHeaders` all of them, each under the name's first
 * spelling. https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html#apigateway-multivalue-headers-and-parameters
 */
export function collectHeaders(rawHeaders: readonly string[]): { headers: Record<string, string>; multiValueHeaders: Record<string, string[]> } {
  const names = new Map<string, string>();
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    const rawName = rawHeaders[index];
    const value = rawHeaders[index + 1];
    if (rawName === undefined || value === undefined) break;
    const lower = rawName.toLowerCase();
    if (DROPPED_HEADERS.has(lower)) continue;
    const name = names.get(lower) ?? rawName;
    names.set(lower, name);
    headers[name] = value;
    (multiValueHeaders[name] ??= []).push(value);
  }
  return { headers, multiValueHeaders };
}

/** Query parameters decoded; `queryStringParameters` keeps the last value of a repeated key, as API Gateway does. */
export function collectQuery(query: string): { single: Record<string, string> | null; multi: Record<string, string[]> | null } {
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [key, value] of new URLSearchParams(query)) {
    single[key] = value;
    (multi[key] ??= []).push(value);
  }
  return Object.keys(single).length === 0 ? { single: null, multi: null } : { single, multi };
}

function mediaTypeMatches(contentType: string, pattern: string): boolean {
  const [essence = ''] = contentType.split(';', 1);
  const [type, subtype] = essence.trim().toLowerCase().split('/');
  const [wantedType, wantedSubtype] = pattern.trim().toLowerCase().split('/');
  return (wantedType === '*' || wantedType === type) && (wantedSubtype === '*' || wantedSubtype === subtype);
}

/**
 * The body as the function sees it: text, or base64 with `isBase64Encoded` when its Content-Type is one of the API's
 * binary media types (or it is not valid UTF-8, which a string could not carry intact).
 */
export function encodeBody(body: Buffer, contentType: string | undefined, binaryMediaTypes: readonly string[]): { body: string | null; isBase64Encoded: boolean } {
  if (body.length === 0) return { body: null, isBase64Encoded: false };
  const binary = contentType !== undefined && binaryMediaTypes.some((pattern) => mediaTypeMatches(contentType, pattern));
  if (!binary) {
    try {
      return { body: new TextDecoder('utf-8', { fatal: true }).decode(body), isBase64Encoded: false };
    } catch {
      // Not text: fall through to base64.
    }
  }
  return { body: body.toString('base64'), isBase64Encoded: true };
}

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

/** Builds the proxy event for a matched request. */
export function buildProxyEvent(request: ApiRequest, match: RouteMatch, context: EventContext): APIGatewayProxyEvent {
  const { headers, multiValueHeaders } = collectHeaders(request.rawHeaders);
  const query = collectQuery(request.query);
  const { body, isBase64Encoded } = encodeBody(request.body, headerValue(headers, 'content-type'), context.binaryMediaTypes);
  const host = headerValue(headers, 'host') ?? 'localhost';
  const hasPathParameters = Object.keys(match.pathParameters).length > 0;
  const hasStageVariables = Object.keys(context.stageVariables).length > 0;
  return {
    resource: match.route.resourcePath,
    path: request.path,
    httpMethod: request.method,
    headers,
    multiValueHeaders,
    queryStringParameters: query.single,
    multiValueQueryStringParameters: query.multi,
    pathParameters: hasPathParameters ? { ...match.pathParameters } : null,
    stageVariables: hasStageVariables ? { ...context.stageVariables } : null,
    requestContext: {
      accountId: context.accountId,
      apiId: context.apiId,
      authorizer: undefined,
      domainName: host,
      // The host up to its first dot or colon (`api.example.com:443` → `api`).
      domainPrefix: host.split(/[.:]/, 1)[0] ?? '',
      extendedRequestId: context.requestId,
      httpMethod: request.method,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: request.sourceIp,
        user: null,
        userAgent: headerValue(headers, 'user-agent') ?? null,
        userArn: null,
      },
      // requestContext.path carries the stage: what the client asked for after the host.
      path: `/${context.stage}${request.path}`,
      protocol: 'HTTP/1.1',
      requestId: context.requestId,
      requestTime: formatRequestTime(context.requestTime),
      requestTimeEpoch: context.requestTime.getTime(),
      resourceId: match.route.resourceId,
      resourcePath: match.route.resourcePath,
      stage: context.stage,
    },
    body,
    isBase64Encoded,
  };
}
