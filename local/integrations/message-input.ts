/**
 * The request a messaging Task (sqs:sendMessage, sns:publish) sends, from its evaluated parameters: only the members
 * the optimized integration takes (Step Functions drops the others), the message body as JSON text when the ASL gave an
 * object, and binary attributes as bytes (ASL can only carry them as base64 text).
 */
export function messageInput(parameters: unknown, members: readonly string[], bodyMember: string): Record<string, unknown> {
  const given = (parameters ?? {}) as Record<string, unknown>;
  const input: Record<string, unknown> = {};
  for (const key of members) {
    if (given[key] !== undefined) input[key] = given[key];
  }
  if (input[bodyMember] !== undefined && typeof input[bodyMember] !== 'string') input[bodyMember] = JSON.stringify(input[bodyMember]);
  if (input.MessageAttributes && typeof input.MessageAttributes === 'object') {
    input.MessageAttributes = Object.fromEntries(
      Object.entries(input.MessageAttributes as Record<string, Record<string, unknown>>).map(([name, value]) => [
        name,
        typeof value?.BinaryValue === 'string' ? { ...value, BinaryValue: Buffer.from(value.BinaryValue, 'base64') } : value,
      ]),
    );
  }
  return input;
}
