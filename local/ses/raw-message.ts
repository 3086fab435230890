/**
 * The few headers of a raw (MIME) message that SES itself reads when a SendEmail request with `Content.Raw` leaves
 * them out of the request: the sender ("If you don't specify FromEmailAddress, the From header of the raw message is
 * used") and the recipients. Only top-level headers are read, with RFC 5322 folding undone; the body is untouched.
 * https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_RawMessage.html
 */

export interface RawMessageHeaders {
  readonly from?: string;
  readonly to: string[];
  readonly cc: string[];
  readonly bcc: string[];
  readonly subject?: string;
}

export function rawMessageHeaders(raw: string): RawMessageHeaders {
  const headerBlock = raw.split(/\r?\n\r?\n/, 1)[0] ?? '';
  const unfolded = headerBlock.replace(/\r?\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  const list = (name: string) => splitAddressList(headers.get(name));
  return { from: headers.get('from') || undefined, to: list('to'), cc: list('cc'), bcc: list('bcc'), subject: headers.get('subject') };
}

/** `a@x.com, "Doe, Jane" <j@y.com>` → both entries (commas inside quotes or angle brackets do not split). */
export function splitAddressList(value: string | undefined): string[] {
  if (!value) return [];
  const entries: string[] = [];
  let current = '';
  let quoted = false;
  let angled = false;
  for (const char of value) {
    if (char === '"') quoted = !quoted;
    else if (char === '<' && !quoted) angled = true;
    else if (char === '>' && !quoted) angled = false;
    if (char === ',' && !quoted && !angled) {
      entries.push(current.trim());
      current = '';
    } else {
      current += char;
    }
  }
  entries.push(current.trim());
  return entries.filter((entry) => entry !== '');
}

/** The bare address of `Jane Doe <jane@example.com>` (or the value itself when it has no angle brackets). */
export function bareAddress(value: string): string {
  const bracketed = /<([^<>]*)>\s*$/.exec(value)?.[1];
  return (bracketed ?? value).trim();
}
