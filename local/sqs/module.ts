/**
 * SQS behind the edge (JSON 1.0 and query protocols), and the pollers of serverless.yml's `sqs` events that feed its
 * messages to Lambda functions (found through the runtime context), on the runtime's clock.
 */
import type { LambdaModule } from '../lambda/module';
import { startedOrUnavailable } from '../platform/not-started';
import type { EmulatedService } from '../platform/service';
import { EventSourceMappings } from './event-source-mappings';
import { sqsRoutes } from './sqs-routes';
import { createSqsService, type SqsService } from './sqs-service';

export const SQS = 'sqs';

export interface SqsModule extends EmulatedService {
  readonly queues: SqsService;
  /** Where the deploy wires `sqs` events. */
  readonly eventSourceMappings: EventSourceMappings;
}

export function createSqsModule(): SqsModule {
  let queues: SqsService | undefined;
  let mappings: EventSourceMappings | undefined;
  return {
    name: SQS,
    get queues() {
      return startedOrUnavailable(queues, SQS);
    },
    get eventSourceMappings() {
      return startedOrUnavailable(mappings, SQS);
    },
    routes: sqsRoutes(() => startedOrUnavailable(queues, SQS)),
    start(context) {
      const stateDir = context.stateDirFor(SQS);
      queues = createSqsService({
        region: context.region, accountId: context.accountId, clock: context.clock, endpoint: context.endpoint, log: context.log, ...(stateDir === undefined ? {} : { stateDir }),
      });
      const lambda = context.service<LambdaModule>('lambda').runtime;
      mappings = new EventSourceMappings({ sqs: queues, lambda, region: context.region, clock: context.clock, log: context.log });
    },
    async close() {
      await mappings?.close();
      queues?.close();
    },
  };
}
