/**
 * Token counts for `usage`. Claude's tokenizer is not public, so the count is an approximation: about 3.5 characters
 * of English per token, rounded up per text block, plus a fixed framing cost per message (role markers);
 * deterministic, and close enough for cost estimates of short reviews. Characters are Unicode code points.
 */

export const CHARACTERS_PER_TOKEN = 3.5;
/** Claude's context window: a prompt past it is refused, as Bedrock refuses it. */
export const CONTEXT_WINDOW_TOKENS = 200_000;
/** Role and turn markers around each message. */
const TOKENS_PER_MESSAGE = 4;

export function countTokens(text: string): number {
  let characters = 0;
  for (const _ of text) characters += 1;
  return Math.ceil(characters / CHARACTERS_PER_TOKEN);
}

/** Input tokens of a prompt: its system text and its messages' texts. */
export function countInputTokens(system: readonly string[], messages: readonly (readonly string[])[]): number {
  const systemTokens = system.reduce((sum, text) => sum + countTokens(text), 0);
  return messages.reduce((sum, texts) => sum + TOKENS_PER_MESSAGE + texts.reduce((inner, text) => inner + countTokens(text), 0), systemTokens);
}
