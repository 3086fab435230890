/**
 * Converse: Bedrock's model-neutral chat API (`POST /model/{modelId}/converse`), checked with the messages Bedrock
 * gives and answered in its shape: `{output: {message}, stopReason, usage, metrics}`.
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html
 */
import { AwsError } from '../platform/aws-error';
import type { Completion, Prompt } from './model/local-model';

/** Converse's own default when inferenceConfig.maxTokens is absent is the model's maximum; this is Haiku 4.5's. */
const DEFAULT_MAX_TOKENS = 64_000;

const invalid = (message: string) => new AwsError('ValidationException', message);

function blockTexts(blocks: unknown, at: string): string[] {
  if (!Array.isArray(blocks)) throw invalid(`1 validation error detected: Value at '${at}' failed to satisfy constraint: Member must not be null`);
  return blocks.map((block, index) => {
    const text = (block ?? {}) as { text?: unknown };
    if (typeof text.text !== 'string') throw invalid(`The local model supports text content blocks only; ${at}.${index} has none.`);
    if (text.text.trim() === '') throw invalid(`The text field in the ContentBlock object at ${at}.${index} is blank. Add text to the text field, and try again.`);
    return text.text;
  });
}

export function parseConverseRequest(body: Record<string, unknown>): Prompt {
  const messages = body.messages;
  if (!Array.isArray(messages)) throw invalid("1 validation error detected: Value null at 'messages' failed to satisfy constraint: Member must not be null");
  if (messages.length === 0) throw invalid('A conversation must start with a user message. Try again with a conversation that starts with a user message.');
  const parsed = messages.map((message, index) => {
    const { role, content } = (message ?? {}) as { role?: unknown; content?: unknown };
    if (role !== 'user' && role !== 'assistant') {
      throw invalid(`1 validation error detected: Value '${String(role)}' at 'messages.${index + 1}.member.role' failed to satisfy constraint: Member must satisfy enum value set: [user, assistant]`);
    }
    return { role, texts: blockTexts(content, `messages.${index}.content`) } as const;
  });
  if (parsed[0]?.role !== 'user') throw invalid('A conversation must start with a user message. Try again with a conversation that starts with a user message.');
  const system = body.system === undefined ? [] : blockTexts(body.system, 'system');
  const config = (body.inferenceConfig ?? {}) as { maxTokens?: unknown; temperature?: unknown; stopSequences?: unknown };
  const maxTokens = config.maxTokens ?? DEFAULT_MAX_TOKENS;
  if (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens) || maxTokens < 1) {
    throw invalid(`1 validation error detected: Value '${String(maxTokens)}' at 'inferenceConfig.maxTokens' failed to satisfy constraint: Member must have value greater than or equal to 1`);
  }
  if (config.temperature !== undefined && !(typeof config.temperature === 'number' && config.temperature >= 0 && config.temperature <= 1)) {
    throw invalid(`1 validation error detected: Value '${String(config.temperature)}' at 'inferenceConfig.temperature' failed to satisfy constraint: Member must have value less than or equal to 1`);
  }
  const stop = Array.isArray(config.stopSequences) ? config.stopSequences.filter((item): item is string => typeof item === 'string') : [];
  return { system, messages: parsed, maxTokens, stopSequences: stop };
}

export function converseResponse(completion: Completion, latencyMs: number): Record<string, unknown> {
  return {
    output: { message: { role: 'assistant', content: [{ text: completion.text }] } },
    stopReason: completion.stopReason,
    usage: { inputTokens: completion.inputTokens, outputTokens: completion.outputTokens, totalTokens: completion.inputTokens + completion.outputTokens },
    metrics: { latencyMs },
  };
}
