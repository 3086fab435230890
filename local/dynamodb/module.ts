/**
 * DynamoDB behind the edge (AWS JSON 1.0, `X-Amz-Target: DynamoDB_20120810.*`): dynalite in process, plus the
 * actions served here (transactions, time to live), with ClientRequestToken windows on the runtime's clock.
 */
import { join } from 'node:path';
import { startedOrUnavailable } from '../platform/not-started';
import type { EmulatedService, ServiceRoute } from '../platform/service';
import { createEmbeddedDynamoDb, type EmbeddedDynamoDb } from './embedded-dynamodb';

export const DYNAMODB = 'dynamodb';

/** The route of an embedded DynamoDB (the module's, or a test's own instance). */
export function dynamoDbRoutes(dynamodb: () => Pick<EmbeddedDynamoDb, 'handle'>): ServiceRoute[] {
  return [{ match: { target: 'DynamoDB_20120810', when: (req) => req.method === 'POST' }, handle: (req, res) => dynamodb().handle(req, res) }];
}

export function createDynamoDbModule(options: { readonly path?: string } = {}): EmulatedService {
  let dynamodb: EmbeddedDynamoDb | undefined;
  return {
    name: DYNAMODB,
    routes: dynamoDbRoutes(() => startedOrUnavailable(dynamodb, DYNAMODB)),
    start(context) {
      // Durable mode: tables live in LevelDB under <state dir>/dynamodb/tables.
      const stateDir = context.stateDirFor(DYNAMODB);
      const path = options.path ?? (stateDir === undefined ? undefined : join(stateDir, 'tables'));
      dynamodb = createEmbeddedDynamoDb({ path, now: () => context.clock.now() });
    },
    async close() {
      await dynamodb?.close();
    },
  };
}
