/**
 * An edge serving only SQS (the other services answer nothing), for tests that drive the queue service through an
 * unmodified `@aws-sdk/client-sqs` or raw HTTP.
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import { startEdgeServer, type EdgeServer } from '../../../local/edge/server';
import type { Clock } from '../../../local/platform/clock';
import { sqsRoutes } from '../../../local/sqs/sqs-routes';
import { createSqsService, type SqsService } from '../../../local/sqs/sqs-service';

export const REGION = 'us-east-1';
export const ACCOUNT = '000000000000';

export interface SqsEdge {
  readonly url: string;
  readonly service: SqsService;
  readonly client: SQSClient;
  close(): Promise<void>;
}

export async function startSqsEdge(clock?: Clock): Promise<SqsEdge> {
  const service = createSqsService({ region: REGION, accountId: ACCOUNT, clock });
  const edge: EdgeServer = await startEdgeServer({
    port: 0,
    services: [{ name: 'sqs', routes: sqsRoutes(() => service) }],
  });
  service.setEndpoint(edge.url);
  const client = new SQSClient({ endpoint: edge.url, region: REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
  return {
    url: edge.url,
    service,
    client,
    async close() {
      client.destroy();
      service.close();
      await edge.close();
    },
  };
}
