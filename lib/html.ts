/**
 * Markup built so that escaping is the default: every value put into an `html` template is escaped unless it is
 * itself markup made by `html`. The approval pages show customer data and the runtime's inbox shows mail, both
 * untrusted input, so no page concatenates strings by hand.
 * Escaping follows OWASP's rules for element content and quoted attribute values (`& < > " '`):
 * https://cheatsheetseries.owasp.org/cheatsheets/Cross_Site_Scripting_Prevention_Cheat_Sheet.html
 */

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for element content and for a double- or single-quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

/** Markup that is safe to emit as is: only `html` and `rawHtml` make one. */
export class SafeHtml {
  constructor(readonly markup: string) {}

  toString(): string {
    return this.markup;
  }
}

/** A value an `html` template accepts: text (escaped), markup (kept), a list of either, or nothing. */
export type HtmlValue = SafeHtml | string | number | null | undefined | false | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.markup;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** Tagged template: `html\`<td>${name}</td>\`` escapes `name`. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  // A template has one more string than values: the first string, then each value followed by the string after it.
  const [first = '', ...rest] = strings;
  return new SafeHtml(rest.reduce((markup, text, index) => markup + render(values[index]) + text, first));
}

/** Trusted markup from a module's own constants (a stylesheet); never call it with data. */
export function rawHtml(markup: string): SafeHtml {
  return new SafeHtml(markup);
}
