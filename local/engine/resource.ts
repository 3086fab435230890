import { StatesError } from './errors';
import type { IntegrationPattern, TaskResource } from './ports';

const PATTERN_SUFFIXES: Array<[string, IntegrationPattern]> = [
  ['.waitForTaskToken', 'waitForTaskToken'],
  ['.sync:2', 'sync:2'],
  ['.sync', 'sync'],
];

const cache = new Map<string, TaskResource>();

/**
 * Classifies a Task's Resource ARN. The kind decides the history events (a bare function ARN logs
 * LambdaFunction* events, everything else Task* events) and whether a Lambda result is wrapped.
 * https://docs.aws.amazon.com/step-functions/latest/dg/integrate-services.html
 */
export function parseResource(arn: string): TaskResource {
  const known = cache.get(arn);
  if (known) return known;
  const parsed = parse(arn);
  cache.set(arn, parsed);
  return parsed;
}

function parse(arn: string): TaskResource {
  const parts = arn.split(':');
  if (parts[0] !== 'arn' || parts.length < 6) throw new StatesError('States.Runtime', `Invalid resource ARN: '${arn}'`);
  const [, , service, , , resourceType] = parts;
  if (service === 'lambda' && resourceType === 'function') {
    return { arn, kind: 'lambda-function', service: 'lambda', action: 'invoke', pattern: 'request-response' };
  }
  if (service === 'states' && resourceType === 'activity') {
    return { arn, kind: 'activity', service: 'states', action: 'activity', pattern: 'request-response' };
  }
  if (service === 'states' && parts[3] === '' && parts[4] === '') {
    let rest = parts.slice(5).join(':');
    let pattern: IntegrationPattern = 'request-response';
    for (const [suffix, name] of PATTERN_SUFFIXES) {
      if (rest.endsWith(suffix)) {
        pattern = name;
        rest = rest.slice(0, -suffix.length);
        break;
      }
    }
    const [first, second, third, ...more] = rest.split(':');
    if (first === 'aws-sdk' && second !== undefined && third !== undefined && more.length === 0) {
      return { arn, kind: 'aws-sdk', service: second, action: third, pattern };
    }
    if (first !== undefined && second !== undefined && third === undefined) return { arn, kind: 'optimized', service: first, action: second, pattern };
  }
  throw new StatesError('States.Runtime', `Unsupported resource: '${arn}'`);
}

/** History's `resourceType`/`resource` pair for Task* events, e.g. `dynamodb` / `putItem.waitForTaskToken`. */
export function historyResource(resource: TaskResource): { resourceType: string; resource: string } {
  const suffix = resource.pattern === 'request-response' ? '' : `.${resource.pattern}`;
  const resourceType = resource.kind === 'aws-sdk' ? `aws-sdk:${resource.service}` : resource.service;
  return { resourceType, resource: `${resource.action}${suffix}` };
}
