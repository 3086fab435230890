/**
 * An address as a mail client shows it: the display name, then the address in a quieter style, so that a long
 * `Name <local@domain>` reads as a name first. The text stays `Name <local@domain>` for copying and screen readers.
 */
import { html, type SafeHtml } from '../../lib/html';

/** `"Doe, Jane" <jane@example.com>` → `Doe, Jane` and `jane@example.com`; a bare address has no name. */
export function splitAddress(value: string): { name?: string; address: string } {
  const [, name, address] = /^\s*(.*?)\s*<([^<>]*)>\s*$/.exec(value) ?? [];
  if (name === undefined || address === undefined || name === '') return { address: value.trim() };
  return { name: name.replace(/^"(.*)"$/, '$1'), address: address.trim() };
}

export function renderAddress(value: string): SafeHtml {
  const { name, address } = splitAddress(value);
  if (name === undefined) return html`<span class="addr-only">${address}</span>`;
  return html`<span class="name">${name}</span> <span class="addr">&lt;${address}&gt;</span>`;
}

/** Several addresses, comma-separated. */
export function renderAddresses(values: readonly string[]): SafeHtml {
  return html`${values.map((value, index) => html`${index > 0 ? ', ' : ''}${renderAddress(value)}`)}`;
}
