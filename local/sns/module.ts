/**
 * SNS behind the edge: topics and subscriptions in memory, delivery through the runtime's own SQS, Lambda and SES
 * capture (found through the runtime context, so mail from an `email` subscription appears in the local inbox), and
 * the published messages at `/_aws/sns`.
 */
import type { LambdaModule } from '../lambda/module';
import { startedOrUnavailable } from '../platform/not-started';
import type { EmulatedService } from '../platform/service';
import type { SesModule } from '../ses/ses-module';
import type { SqsModule } from '../sqs/module';
import { Deliveries } from './deliveries';
import { PublishedMessages } from './published-messages';
import { snsRoutes } from './sns-routes';
import { SnsService } from './sns-service';

export const SNS = 'sns';

export interface SnsModule extends EmulatedService {
  readonly topics: SnsService;
  readonly published: PublishedMessages;
}

export function createSnsModule(): SnsModule {
  let service: SnsService | undefined;
  const published = new PublishedMessages();
  let region = 'us-east-1';
  return {
    name: SNS,
    get topics() {
      return startedOrUnavailable(service, SNS);
    },
    published,
    routes: snsRoutes({ service: () => startedOrUnavailable(service, SNS), published: () => published, region: () => region }),
    start(context) {
      region = context.region;
      const deliveries = new Deliveries(
        {
          queues: () => context.service<SqsModule>('sqs').queues,
          lambda: () => context.service<LambdaModule>('lambda').runtime,
          mail: () => context.service<SesModule>('ses').sent,
          log: context.log,
        },
        () => ({ region: context.region, endpoint: context.endpoint }),
      );
      service = new SnsService({ region: context.region, accountId: context.accountId, clock: context.clock, deliveries, published });
    },
  };
}
