/**
 * States.Format's template and value rendering: `{}` placeholders, `\\{` / `\\}` escapes in a literal template, and
 * the way AWS writes each JSON value into the string.
 * https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html#asl-intrsc-func-generic
 */
import { intrinsicError } from './errors';

export type FormatPart = string | null; // null marks a `{}` placeholder

/** A template's literal parts and placeholders; `escaped` when it is a literal argument, whose `\\{` is a brace. */
export function splitTemplate(text: string, escaped: boolean): FormatPart[] {
  const parts: FormatPart[] = [];
  let literal = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (escaped && c === '\\' && "'{}\\".includes(text[i + 1] ?? '')) {
      literal += text[++i];
    } else if (c === '{' && text[i + 1] === '}') {
      parts.push(literal, null);
      literal = '';
      i++;
    } else {
      literal += c;
    }
  }
  parts.push(literal);
  return parts;
}

export function checkPlaceholders(parts: readonly FormatPart[], supplied: number): void {
  const placeholders = parts.filter((p) => p === null).length;
  if (placeholders !== supplied) {
    throw intrinsicError(
      `Invalid arguments in States.Format: the template has ${placeholders} placeholder(s) '{}' but ${supplied} value(s) were supplied`,
    );
  }
}

export function renderFormat(parts: readonly FormatPart[], values: readonly unknown[]): string {
  let out = '';
  let next = 0;
  for (const part of parts) out += part === null ? formatValue(values[next++]) : part;
  return out;
}

/**
 * How AWS renders a value into a States.Format string: strings as they are, numbers and booleans and null as JSON,
 * arrays as `[a, b]` and objects as `{key=value, ...}` (Java's collection toString, as AWS's recorded runs show).
 */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value).map(([k, v]) => `${k}=${formatValue(v)}`).join(', ')}}`;
  }
  return JSON.stringify(value);
}
