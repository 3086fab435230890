/**
 * The mail that asks a manager to decide on an order: a plain-text part and an HTML part with the same content, so it
 * reads well in any client and is not scored as spam for lacking a text part. Every value that comes from an order
 * (product names, the customer's address) is escaped in the HTML. The link is the signed approval link: it carries an
 * approval id, an expiry and a signature, never the task token, and opening it changes nothing (the decision is a
 * POST from the page), so a mail scanner that follows every link cannot approve anything.
 */
import type { OrderSummary } from './approval-record';

export interface EmailContent {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export interface ApprovalRequestMail {
  readonly order: OrderSummary;
  /** The signed link to the approval page. */
  readonly link: string;
  /** When the link and the workflow's wait expire. */
  readonly expiresAt: Date;
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attribute values (OWASP XSS prevention, rule 1 and 2). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character);
}

/** Integer cents as `1,234.50 USD`: the same format as the order confirmation email. */
export function formatMoney(cents: number, currency: string): string {
  const amount = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(cents / 100);
  return `${amount} ${currency}`;
}

/** `Tue, 14 May 2024 09:30 UTC`: unambiguous for a reader in any time zone. */
export function formatExpiry(expiresAt: Date): string {
  const date = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(expiresAt);
  const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' }).format(expiresAt);
  return `${date} ${time} UTC`;
}

/** The manager's mail for one approval request. */
export function approvalRequestEmail({ order, link, expiresAt }: ApprovalRequestMail): EmailContent {
  const total = formatMoney(order.totalCents, order.currency);
  const expiry = formatExpiry(expiresAt);
  const subject = `Approval needed: order ${order.orderId} (${total})`;

  const text = [
    `Order ${order.orderId} from ${order.customerEmail} needs your approval before it is charged.`,
    '',
    ...order.items.map((line) => `${line.quantity} x ${line.name} (${line.productId}): ${formatMoney(line.lineTotalCents, order.currency)}`),
    '',
    `Total: ${total}`,
    '',
    `Review it and approve or reject it here (the page asks before anything happens):`,
    link,
    '',
    `The link expires on ${expiry}; without a decision by then the order is cancelled and the customer told.`,
  ].join('\n');

  const rows = order.items
    .map(
      (line) =>
        `<tr><td style="padding:6px 12px 6px 0">${escapeHtml(line.name)}<br><span style="color:#555;font-size:13px">${escapeHtml(line.productId)}</span></td>` +
        `<td style="padding:6px 12px;text-align:right">${line.quantity}</td>` +
        `<td style="padding:6px 0 6px 12px;text-align:right">${escapeHtml(formatMoney(line.lineTotalCents, order.currency))}</td></tr>`,
    )
    .join('');
  const html = [
    '<!doctype html>',
    `<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="margin:0;padding:24px;background:#f4f5f7;font-family:Arial,Helvetica,sans-serif;color:#1a1a1a">',
    '<div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px">',
    `<h1 style="font-size:20px;margin:0 0 12px">Order ${escapeHtml(order.orderId)} needs your approval</h1>`,
    `<p style="margin:0 0 16px">From <strong>${escapeHtml(order.customerEmail)}</strong>. It will be charged only once you approve it.</p>`,
    '<table style="border-collapse:collapse;width:100%;font-size:15px">',
    '<thead><tr><th scope="col" style="text-align:left;padding:6px 12px 6px 0;border-bottom:1px solid #ccc">Item</th>',
    '<th scope="col" style="text-align:right;padding:6px 12px;border-bottom:1px solid #ccc">Qty</th>',
    '<th scope="col" style="text-align:right;padding:6px 0 6px 12px;border-bottom:1px solid #ccc">Amount</th></tr></thead>',
    `<tbody>${rows}</tbody>`,
    `<tfoot><tr><th scope="row" colspan="2" style="text-align:left;padding:10px 12px 0 0;border-top:1px solid #ccc">Total</th>`,
    `<td style="text-align:right;padding:10px 0 0 12px;border-top:1px solid #ccc"><strong>${escapeHtml(total)}</strong></td></tr></tfoot>`,
    '</table>',
    `<p style="margin:24px 0"><a href="${escapeHtml(link)}" style="display:inline-block;background:#0b57d0;color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:6px;font-weight:bold">Review the order</a></p>`,
    '<p style="margin:0 0 8px;font-size:14px;color:#444">The page shows the order and asks for your decision; opening it changes nothing.</p>',
    `<p style="margin:0;font-size:14px;color:#444">The link expires on ${escapeHtml(expiry)}. Without a decision by then the order is cancelled and the customer told.</p>`,
    '</div></body></html>',
  ].join('');

  return { subject, text, html };
}
