/**
 * The SQS API over in-memory queues, in the JSON protocol's shapes (what `@aws-sdk/client-sqs` sends); the query
 * protocol is translated into these shapes before it gets here. Time comes from an injected clock, so visibility
 * timeouts, delays, retention and long polls run as fast as a test wants.
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_Operations.html
 */
import path from 'node:path';
import { systemClock, type Clock } from '../platform/clock';
import { DurableQueueLog } from './durable-queues';
import { invalidAction } from './errors';
import { Messages } from './messages';
import { QueueRegistry } from './queue-registry';
import type { Input, Output } from './values';

export interface SqsServiceOptions {
  readonly region: string;
  readonly accountId: string;
  /** The clock of timestamps, delays, visibility timeouts and long polls; the wall clock by default. */
  readonly clock?: Clock;
  /** The base of queue URLs (the edge URL); settable later, once the edge listens. */
  readonly endpoint?: string;
  /** Durable mode: the directory (`<state dir>/sqs`) whose log keeps queues and messages across restarts. */
  readonly stateDir?: string;
  /** Where durable mode reports a damaged log. */
  readonly log?: (line: string) => void;
}

/** The SQS API: one dispatch over queue administration (queue-registry.ts) and messages (messages.ts). */
export class SqsService {
  private readonly queues: QueueRegistry;
  private readonly messages: Messages;
  private readonly durable?: DurableQueueLog;

  constructor(options: SqsServiceOptions) {
    const clock = options.clock ?? systemClock;
    this.durable = options.stateDir === undefined ? undefined : new DurableQueueLog(path.join(options.stateDir, 'queues.jsonl'), options.log ?? (() => undefined));
    this.queues = new QueueRegistry({ region: options.region, accountId: options.accountId, clock, endpoint: options.endpoint, ...(this.durable ? { journal: this.durable } : {}) });
    if (this.durable) this.queues.restore(this.durable.load());
    this.messages = new Messages(this.queues, clock, options.accountId);
  }

  /** The base of queue URLs from now on: `<endpoint>/<account>/<name>`, LocalStack's path style. */
  setEndpoint(endpoint: string): void {
    this.queues.setEndpoint(endpoint);
  }

  queueUrl(name: string): string {
    return this.queues.queueUrl(name);
  }

  queueArn(name: string): string {
    return this.queues.queueArn(name);
  }

  /** The URL of the queue an ARN names, if it exists (event source mappings and redrive policies name queues by ARN). */
  queueUrlForArn(arn: string): string | undefined {
    const queue = this.queues.queueByArn(arn);
    return queue ? this.queues.queueUrl(queue.identity.name) : undefined;
  }

  /** Names of the queues, for the banner and tests. */
  queueNames(): string[] {
    return this.queues.names();
  }

  /**
   * One API call in the JSON protocol's shapes. `signal` ends a long poll early (the client went away). Failures are
   * AwsErrors named as the API names them.
   */
  async call(action: string, input: Input, signal?: AbortSignal): Promise<Output> {
    try {
      return await this.dispatch(action, input, signal);
    } finally {
      // Durable mode: what the call changed is on disk before it is answered (an error may follow partial changes,
      // e.g. a batch, so the changes are written either way).
      this.durable?.flush(() => this.queues.saved());
    }
  }

  private async dispatch(action: string, input: Input, signal?: AbortSignal): Promise<Output> {
    const { queues, messages } = this;
    switch (action) {
      case 'CreateQueue':
        return queues.createQueue(input);
      case 'GetQueueUrl':
        return queues.getQueueUrl(input);
      case 'ListQueues':
        return queues.listQueues(input);
      case 'DeleteQueue':
        return queues.deleteQueue(input);
      case 'GetQueueAttributes':
        return queues.getQueueAttributes(input);
      case 'SetQueueAttributes':
        return queues.setQueueAttributes(input);
      case 'PurgeQueue':
        return queues.purge(input);
      case 'ListQueueTags':
        return queues.listTags(input);
      case 'TagQueue':
        return queues.tag(input);
      case 'UntagQueue':
        return queues.untag(input);
      case 'SendMessage':
        return messages.sendMessage(queues.queueOf(input), input);
      case 'SendMessageBatch':
        return messages.sendMessageBatch(input);
      case 'ReceiveMessage':
        return messages.receiveMessage(input, signal);
      case 'DeleteMessage':
        return messages.deleteMessage(queues.queueOf(input), input);
      case 'DeleteMessageBatch':
        return messages.batch(input, (queue, entry) => (messages.deleteMessage(queue, entry), {}));
      case 'ChangeMessageVisibility':
        return messages.changeMessageVisibility(queues.queueOf(input), input);
      case 'ChangeMessageVisibilityBatch':
        return messages.batch(input, (queue, entry) => (messages.changeMessageVisibility(queue, entry), {}));
      default:
        throw invalidAction(action);
    }
  }

  /** Ends every long poll; the queues stay readable. */
  close(): void {
    this.messages.close();
  }
}

export function createSqsService(options: SqsServiceOptions): SqsService {
  return new SqsService(options);
}
