/**
 * Lambda behind the edge: the Invoke API (REST-JSON, `/2015-03-31/functions/{name}/invocations`) over worker-thread
 * environments. Other services find `runtime` here to invoke functions (task integrations, event source mappings,
 * API Gateway) and the deploy registers functions in it.
 */
import { lambdaRoutes } from './invoke-route';
import { startedOrUnavailable } from '../platform/not-started';
import type { EmulatedService } from '../platform/service';
import { createLambdaRuntime, type LambdaRuntime } from './runtime';
import type { InvokeOptions, LambdaInvoker } from './types';

export const LAMBDA = 'lambda';

export interface LambdaModule extends EmulatedService {
  /** The functions' runtime; a lookup before start fails with ServiceUnavailable. */
  readonly runtime: LambdaRuntime;
}

export function createLambdaModule(): LambdaModule {
  let runtime: LambdaRuntime | undefined;
  const invoker: LambdaInvoker = {
    invoke: (name: string, payload: unknown, options?: InvokeOptions) => startedOrUnavailable(runtime, LAMBDA).invoke(name, payload, options),
  };
  return {
    name: LAMBDA,
    get runtime() {
      return startedOrUnavailable(runtime, LAMBDA);
    },
    routes: lambdaRoutes(invoker),
    start(context) {
      runtime = createLambdaRuntime({ region: context.region, accountId: context.accountId, log: context.log, endpoint: context.endpoint, clock: context.clock });
    },
    async close() {
      await runtime?.close();
    },
  };
}
