/**
 * The SQS consumers' batches, each message on its own: a failure is reported for that message only
 * (ReportBatchItemFailures), so the others are deleted from the queue and not handled twice.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html#services-sqs-batchfailurereporting
 */

/** An SQS record as the consumer needs it. */
export interface QueueMessage {
  readonly messageId: string;
  readonly body: string;
}

/** Lambda's partial batch response: the ids of the messages to deliver again. */
export interface BatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

/**
 * Handles every message of the batch with `handle` and reports the ones that failed, each logged as `failureMessage`.
 * Every message settles before any failure is logged; each failure keeps the message it belongs to.
 */
export async function settleBatch(
  messages: readonly QueueMessage[],
  handle: (message: QueueMessage) => Promise<unknown>,
  log: { error(message: string, fields?: Record<string, unknown>): void } | undefined,
  failureMessage: string,
): Promise<BatchResponse> {
  const failures = await Promise.all(
    messages.map((message) => handle(message).then(
      () => undefined,
      (reason: unknown) => ({ message, reason }),
    )),
  );
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const failure of failures) {
    if (!failure) continue;
    const error = failure.reason as { name?: unknown; message?: unknown };
    // Name and message only: an SDK error's full shape may echo the request, and the request holds the task token.
    log?.error(failureMessage, {
      messageId: failure.message.messageId,
      error: { name: String(error?.name ?? 'Error'), message: String(error?.message ?? error) },
    });
    batchItemFailures.push({ itemIdentifier: failure.message.messageId });
  }
  return { batchItemFailures };
}
