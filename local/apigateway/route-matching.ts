/**
 * Which method of a REST API a request reaches. API Gateway picks the most specific resource: at each path segment a
 * literal beats a `{param}`, which beats a greedy `{proxy+}` (which takes one or more segments); on that resource the
 * request's own method beats `ANY`. Trailing slashes are ignored. Path parameter values stay as sent (percent-encoded),
 * as API Gateway passes them. https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-settings-method-request.html#api-gateway-proxy-resource
 */
import type { ApiRoute } from './types';

export interface RouteMatch {
  readonly route: ApiRoute;
  /** `{orderId}` → its value; `{proxy+}` → the rest of the path, slashes included. */
  readonly pathParameters: Readonly<Record<string, string>>;
}

/** How specific one template segment is: higher wins. */
const LITERAL = 2;
const PARAMETER = 1;
const GREEDY = 0;

interface SegmentMatch {
  readonly parameters: Record<string, string>;
  /** One rank per template segment, compared left to right. */
  readonly ranks: number[];
}

function segmentsOf(path: string): string[] {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed === '' ? [] : trimmed.replace(/^\//, '').split('/');
}

/** Matches a path against a resource path template; undefined when it does not fit. */
export function matchResourcePath(template: string, path: string): SegmentMatch | undefined {
  const expected = segmentsOf(template);
  const actual = segmentsOf(path);
  const parameters: Record<string, string> = {};
  const ranks: number[] = [];
  for (const [index, segment] of expected.entries()) {
    const greedy = /^\{(.+)\+\}$/.exec(segment)?.[1];
    if (greedy !== undefined) {
      // A greedy variable is always the last segment and takes at least one segment.
      if (index !== expected.length - 1 || actual.length <= index) return undefined;
      parameters[greedy] = actual.slice(index).join('/');
      ranks.push(GREEDY);
      return { parameters, ranks };
    }
    const value = actual[index];
    if (value === undefined) return undefined;
    const variable = /^\{(.+)\}$/.exec(segment)?.[1];
    if (variable !== undefined) {
      if (value === '') return undefined;
      parameters[variable] = value;
      ranks.push(PARAMETER);
    } else if (segment === value) ranks.push(LITERAL);
    else return undefined;
  }
  return actual.length === expected.length ? { parameters, ranks } : undefined;
}

function compareRanks(left: readonly number[], right: readonly number[]): number {
  for (let index = 0; index < Math.max(left.length, right.length); index += 1) {
    // A longer template that still matched is more specific than a greedy one that swallowed the rest.
    const difference = (left[index] ?? -1) - (right[index] ?? -1);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** The route a request reaches, or undefined (API Gateway then answers 403 Missing Authentication Token). */
export function matchRoute(routes: readonly ApiRoute[], method: string, path: string): RouteMatch | undefined {
  const requested = method.toUpperCase();
  let best: { route: ApiRoute; match: SegmentMatch } | undefined;
  for (const route of routes) {
    if (route.method !== requested && route.method !== 'ANY') continue;
    const match = matchResourcePath(route.resourcePath, path);
    if (!match) continue;
    const order = best ? compareRanks(match.ranks, best.match.ranks) : 1;
    // Same resource: the exact method beats ANY.
    if (order > 0 || (order === 0 && best && best.route.method === 'ANY' && route.method !== 'ANY')) best = { route, match };
  }
  return best && { route: best.route, pathParameters: best.match.parameters };
}
