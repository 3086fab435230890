/**
 * SQS event source mappings: one poller per mapping that long-polls the queue, hands each batch to the function
 * (synchronously, as Lambda does for SQS) and deletes what was processed. A function error deletes nothing, so the
 * messages come back after the visibility timeout and the queue's redrive policy eventually moves them to the
 * dead-letter queue; with `ReportBatchItemFailures` only the reported messages stay.
 * https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html
 */
import type { Clock } from '../platform/clock';
import { systemClock } from '../platform/clock';
import type { LambdaInvoker } from '../lambda/types';
import { readBatchResponse, sqsEvent, type ReceivedMessage } from './sqs-event';
import type { SqsService } from './sqs-service';

export interface SqsEventSourceMapping {
  /** The mapping's id (its CloudFormation Ref), for logs. */
  readonly uuid: string;
  /** The function's name or ARN. */
  readonly functionName: string;
  /** The queue's ARN. */
  readonly eventSourceArn: string;
  /** 1 to 10000; 10 by default. */
  readonly batchSize: number;
  /** How long to gather a batch bigger than one receive (10 messages); 0 by default. */
  readonly maximumBatchingWindowSeconds: number;
  /** `FunctionResponseTypes: [ReportBatchItemFailures]`. */
  readonly reportBatchItemFailures: boolean;
  readonly enabled: boolean;
}

export interface EventSourceMappingsOptions {
  readonly sqs: SqsService;
  readonly lambda: LambdaInvoker;
  readonly region: string;
  /** The clock of the batching window and of the pause after a failed poll; the SQS service has its own. */
  readonly clock?: Clock;
  readonly log?: (line: string) => void;
}

/** The longest ReceiveMessage wait, as Lambda's pollers use. */
const LONG_POLL_SECONDS = 20;
/** The pause after a poll failed (queue gone, ...), so a broken mapping does not spin. */
const RETRY_PAUSE_MS = 1_000;
const MAX_MESSAGES_PER_RECEIVE = 10;

export class EventSourceMappings {
  private readonly stop = new AbortController();
  private readonly loops: Promise<void>[] = [];
  private readonly clock: Clock;
  private readonly log: (line: string) => void;

  constructor(private readonly options: EventSourceMappingsOptions) {
    this.clock = options.clock ?? systemClock;
    this.log = options.log ?? ((line) => process.stdout.write(`${line}\n`));
  }

  /** Starts a poller for each enabled mapping; call once the functions are registered. */
  start(mappings: readonly SqsEventSourceMapping[]): void {
    for (const mapping of mappings) {
      if (!mapping.enabled) continue;
      this.loops.push(this.poll(mapping));
    }
  }

  /** Stops polling and waits for the batches in progress to finish. */
  async close(): Promise<void> {
    this.stop.abort();
    await Promise.all(this.loops);
  }

  private async poll(mapping: SqsEventSourceMapping): Promise<void> {
    const { signal } = this.stop;
    while (!signal.aborted) {
      try {
        const batch = await this.collectBatch(mapping, signal);
        if (batch.length > 0) await this.deliver(mapping, batch);
      } catch (error) {
        if (signal.aborted) break;
        this.log(`[sqs] ${mapping.uuid}: polling ${mapping.eventSourceArn} failed: ${(error as Error)?.message ?? String(error)}`);
        await this.clock.sleep(RETRY_PAUSE_MS, signal).catch(() => undefined);
      }
    }
  }

  private queueUrl(mapping: SqsEventSourceMapping): string {
    const url = this.options.sqs.queueUrlForArn(mapping.eventSourceArn);
    if (!url) throw new Error(`the queue ${mapping.eventSourceArn} does not exist`);
    return url;
  }

  /** One long poll; then, for a batch size above 10 and a batching window, more receives until full or the window ends. */
  private async collectBatch(mapping: SqsEventSourceMapping, signal: AbortSignal): Promise<ReceivedMessage[]> {
    const receive = async (waitSeconds: number, max: number) => {
      const output = await this.options.sqs.call(
        'ReceiveMessage',
        {
          QueueUrl: this.queueUrl(mapping),
          MaxNumberOfMessages: Math.min(MAX_MESSAGES_PER_RECEIVE, max),
          WaitTimeSeconds: waitSeconds,
          MessageSystemAttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        },
        signal,
      );
      return (output.Messages ?? []) as ReceivedMessage[];
    };
    const batch = await receive(LONG_POLL_SECONDS, mapping.batchSize);
    if (batch.length === 0 || mapping.maximumBatchingWindowSeconds <= 0) return batch;
    const deadline = this.clock.now() + mapping.maximumBatchingWindowSeconds * 1000;
    while (batch.length < mapping.batchSize && !signal.aborted) {
      const remainingMs = deadline - this.clock.now();
      if (remainingMs <= 0) break;
      batch.push(...(await receive(Math.min(LONG_POLL_SECONDS, Math.ceil(remainingMs / 1000)), mapping.batchSize - batch.length)));
    }
    return batch;
  }

  private async deliver(mapping: SqsEventSourceMapping, batch: readonly ReceivedMessage[]): Promise<void> {
    const event = sqsEvent(batch, mapping.eventSourceArn, this.options.region);
    let toDelete: readonly ReceivedMessage[];
    try {
      const result = await this.options.lambda.invoke(mapping.functionName, event);
      if (result.functionError) {
        this.log(`[sqs] ${mapping.uuid}: ${mapping.functionName} failed on ${batch.length} message(s); they return after the visibility timeout`);
        return;
      }
      if (!mapping.reportBatchItemFailures) {
        toDelete = batch;
      } else {
        const outcome = readBatchResponse(result.payload, new Set(batch.map((message) => message.MessageId)));
        if (outcome.kind === 'all-failed') {
          this.log(`[sqs] ${mapping.uuid}: ${mapping.functionName} answered an invalid partial batch response (${outcome.reason}); the whole batch is retried`);
          return;
        }
        toDelete = outcome.kind === 'partial' ? batch.filter((message) => !outcome.failedIds.has(message.MessageId)) : batch;
      }
    } catch (error) {
      this.log(`[sqs] ${mapping.uuid}: invoking ${mapping.functionName} failed: ${(error as Error)?.message ?? String(error)}`);
      return;
    }
    await this.deleteMessages(mapping, toDelete);
  }

  private async deleteMessages(mapping: SqsEventSourceMapping, messages: readonly ReceivedMessage[]): Promise<void> {
    for (let start = 0; start < messages.length; start += MAX_MESSAGES_PER_RECEIVE) {
      const chunk = messages.slice(start, start + MAX_MESSAGES_PER_RECEIVE);
      await this.options.sqs.call('DeleteMessageBatch', {
        QueueUrl: this.queueUrl(mapping),
        Entries: chunk.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle })),
      });
    }
  }
}
