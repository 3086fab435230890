/**
 * InvokeModel's body for Claude: Anthropic's Messages request, checked as Bedrock checks it, and the Messages
 * response, field for field. Bedrock validates the body against the model's JSON schema and answers
 * ValidationException with the schema's own wording ("Malformed input request: #: required key [max_tokens] not
 * found, please reformat your input and try again."); a legacy text-completion body (`prompt`,
 * `max_tokens_to_sample`) sent to a Messages-only model gets Anthropic's "… is not supported on this API. Please use
 * the Messages API instead."
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-anthropic-claude-messages-request-response.html
 */
import { createHash } from 'node:crypto';
import { AwsError } from '../platform/aws-error';
import type { Completion, Prompt } from './model/local-model';

export const ANTHROPIC_VERSION = 'bedrock-2023-05-31';

const KNOWN_KEYS = new Set([
  'anthropic_version',
  'anthropic_beta',
  'max_tokens',
  'messages',
  'system',
  'temperature',
  'top_p',
  'top_k',
  'stop_sequences',
  'tools',
  'tool_choice',
  'metadata',
  'thinking',
]);

const malformed = (detail: string) => new AwsError('ValidationException', `Malformed input request: ${detail}, please reformat your input and try again.`);

/**
 * The texts of a Messages `content` (or `system`): a string, or an array of blocks whose text blocks count. `pointer`
 * names where it sits, as a JSON pointer (`/messages/0/content`), for the error messages.
 */
function contentTexts(content: unknown, pointer: string): string[] {
  if (typeof content === 'string') return [content];
  if (!Array.isArray(content)) throw malformed(`#${pointer}: expected type: JSONArray, found: ${typeof content}`);
  const dotted = pointer.slice(1).replace(/\//g, '.');
  return content.map((block, index) => {
    const { type, text } = (block ?? {}) as { type?: unknown; text?: unknown };
    if (type !== 'text') throw new AwsError('ValidationException', `${dotted}.${index}.type: only "text" content blocks are supported by the local model`);
    if (typeof text !== 'string') throw malformed(`#${pointer}/${index}: required key [text] not found`);
    return text;
  });
}

/** The prompt in a Messages body, or Bedrock's ValidationException naming what is wrong. */
export function parseMessagesBody(body: Record<string, unknown>, modelName: string): Prompt {
  if ('prompt' in body || 'max_tokens_to_sample' in body) {
    throw new AwsError('ValidationException', `"${modelName}" is not supported on this API. Please use the Messages API instead.`);
  }
  const extraneous = Object.keys(body).filter((key) => !KNOWN_KEYS.has(key));
  if (extraneous.length > 0) throw malformed(extraneous.map((key) => `#: extraneous key [${key}] is not permitted`).join(', '));
  for (const key of ['anthropic_version', 'max_tokens', 'messages']) {
    if (!(key in body)) throw malformed(`#: required key [${key}] not found`);
  }
  if (body.anthropic_version !== ANTHROPIC_VERSION) throw new AwsError('ValidationException', `invalid anthropic_version: expected "${ANTHROPIC_VERSION}"`);
  const maxTokens = body.max_tokens;
  if (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens) || maxTokens < 1) throw new AwsError('ValidationException', 'max_tokens: must be an integer of at least 1');
  if (body.temperature !== undefined && !(typeof body.temperature === 'number' && body.temperature >= 0 && body.temperature <= 1)) {
    throw new AwsError('ValidationException', 'temperature: range: 0..1');
  }
  if (!Array.isArray(body.messages) || body.messages.length === 0) throw new AwsError('ValidationException', 'messages: at least one message is required');
  const messages = body.messages.map((message, index) => {
    const { role, content } = (message ?? {}) as { role?: unknown; content?: unknown };
    if (role !== 'user' && role !== 'assistant') throw new AwsError('ValidationException', `messages.${index}.role: Input should be 'user' or 'assistant'`);
    return { role, texts: contentTexts(content, `/messages/${index}/content`) } as const;
  });
  if (messages[0]?.role !== 'user') throw new AwsError('ValidationException', 'messages: first message must use the "user" role');
  const system = body.system === undefined ? [] : contentTexts(body.system, '/system');
  const stop = body.stop_sequences;
  if (stop !== undefined && !(Array.isArray(stop) && stop.every((item) => typeof item === 'string'))) throw malformed('#/stop_sequences: expected type: JSONArray of strings');
  return { system, messages, maxTokens, stopSequences: (stop as string[] | undefined) ?? [] };
}

/** A message id as Bedrock's Claude gives them (`msg_bdrk_…`), derived from the request so answers repeat exactly. */
export function messageId(seed: string): string {
  return `msg_bdrk_${createHash('sha256').update(seed).digest('base64url').replace(/[-_]/g, '').slice(0, 24)}`;
}

/** The Messages response body. */
export function messagesResponse(completion: Completion, modelName: string, id: string): Record<string, unknown> {
  return {
    id,
    type: 'message',
    role: 'assistant',
    model: modelName,
    content: [{ type: 'text', text: completion.text }],
    stop_reason: completion.stopReason,
    stop_sequence: completion.stopSequence,
    usage: { input_tokens: completion.inputTokens, output_tokens: completion.outputTokens },
  };
}
