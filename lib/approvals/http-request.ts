/**
 * The parts of an API Gateway proxy event the approval pages read, in plain shapes, and where the pages live as the
 * browser sees them. Header names are case-insensitive (RFC 9110 §5.1), so they are lower-cased once here.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { RequestHeaders } from './csrf';

export interface ApprovalHttpRequest {
  readonly approvalId: string;
  /** Decoded query parameters (the GET's `expires` and `signature`). */
  readonly query: Readonly<Record<string, string>>;
  /** Decoded `application/x-www-form-urlencoded` fields of a POST; empty for any other body. */
  readonly form: Readonly<Record<string, string>>;
  readonly headers: RequestHeaders;
  /** Every `Cookie` header value (HTTP/2 clients may send several). */
  readonly cookieHeaders: readonly string[];
}

/** The decision form holds four short fields; a body far larger than that is not from our page. */
export const MAX_FORM_BYTES = 4096;

function lowerCasedHeaders(event: Pick<APIGatewayProxyEvent, 'headers'>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) if (value !== undefined) headers[name.toLowerCase()] = value;
  return headers;
}

function cookieHeaderValues(event: Pick<APIGatewayProxyEvent, 'headers' | 'multiValueHeaders'>): string[] {
  const multi = Object.entries(event.multiValueHeaders ?? {}).find(([name]) => name.toLowerCase() === 'cookie')?.[1];
  if (multi && multi.length > 0) return multi.filter((value): value is string => typeof value === 'string');
  const single = Object.entries(event.headers ?? {}).find(([name]) => name.toLowerCase() === 'cookie')?.[1];
  return single ? [single] : [];
}

function formFields(event: Pick<APIGatewayProxyEvent, 'body' | 'isBase64Encoded'>, contentType: string | undefined): Record<string, string> {
  if (!event.body || !contentType || contentType.split(';', 1)[0]?.trim().toLowerCase() !== 'application/x-www-form-urlencoded') return {};
  const bytes = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  if (bytes.byteLength > MAX_FORM_BYTES) return {};
  const fields: Record<string, string> = {};
  // The first value of a repeated field wins: a second `decision` cannot override the button pressed.
  for (const [name, value] of new URLSearchParams(bytes.toString('utf8'))) if (!(name in fields)) fields[name] = value;
  return fields;
}

/** The request as the approval use cases read it. */
export function approvalHttpRequest(event: APIGatewayProxyEvent): ApprovalHttpRequest {
  const headers = lowerCasedHeaders(event);
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.queryStringParameters ?? {})) if (value !== undefined) query[name] = value;
  return {
    approvalId: event.pathParameters?.approvalId ?? '',
    query,
    form: formFields(event, headers['content-type']),
    headers,
    cookieHeaders: cookieHeaderValues(event),
  };
}

/** Where the approval pages are served, derived from APPROVAL_BASE_URL: the same base the emailed link was built from. */
export interface ApprovalSite {
  /** The approval page's absolute path (`/prod/approvals/<id>`, or the runtime's `/restapis/…/_user_request_/approvals/<id>`). */
  pagePath(approvalId: string): string;
  /** HTTPS: the CSRF cookie is `Secure` and `__Secure-` prefixed. */
  readonly secure: boolean;
  /** Origins a decision POST may come from: the base URL's, and the one the request names in Host. */
  allowedOrigins(headers: RequestHeaders): string[];
}

export function approvalSite(baseUrl: string): ApprovalSite {
  const base = new URL(baseUrl);
  const basePath = base.pathname.replace(/\/+$/, '');
  const scheme = base.protocol.replace(/:$/, '');
  return {
    pagePath: (approvalId) => `${basePath}/approvals/${encodeURIComponent(approvalId)}`,
    secure: scheme === 'https',
    allowedOrigins(headers) {
      const origins = [base.origin];
      // API Gateway sets X-Forwarded-Proto; the Host header is the custom domain or execute-api host actually used.
      if (headers.host) origins.push(`${headers['x-forwarded-proto'] ?? scheme}://${headers.host}`);
      return origins;
    },
  };
}
