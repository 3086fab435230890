/**
 * Where the review sits in a prompt. The convention the project's prompts follow (and README documents): the review
 * is wrapped in `<review>…</review>` inside the last user message, so that instructions and data are told apart, as
 * Anthropic recommends for untrusted text ("use XML tags to separate data from instructions"). The text scored is
 * everything from the first `<review>` to the last `</review>`, so a review that itself contains the tags is scored
 * whole. A prompt without the tags is scored as a whole (its last user message).
 * https://docs.anthropic.com/en/docs/build-with-claude/prompt-engineering/use-xml-tags
 */

const OPEN = '<review>';
const CLOSE = '</review>';

/** The review inside the last user message's text. */
export function reviewText(lastUserMessage: string): string {
  const start = lastUserMessage.indexOf(OPEN);
  const end = lastUserMessage.lastIndexOf(CLOSE);
  if (start < 0 || end < start + OPEN.length) return lastUserMessage;
  return lastUserMessage.slice(start + OPEN.length, end).trim();
}
