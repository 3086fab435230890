import { AwsError } from './aws-error';

/**
 * The instance a service builds in `start`, for its routes: the edge listens before services start (they need its
 * URL), so a request can arrive in between; it gets a 503 ServiceUnavailable, which SDK clients retry.
 */
export function startedOrUnavailable<T>(instance: T | undefined, service: string): T {
  if (instance === undefined) throw new AwsError('ServiceUnavailable', `The ${service} service is still starting`, 503);
  return instance;
}
