/**
 * The inbox: every captured message, newest first, as a table (received, from, to, subject) whose subjects link to
 * the message. A table with a caption and column headers is what screen readers navigate best for rows of mail.
 */
import { renderAddress, renderAddresses } from './address';
import { html } from '../../lib/html';
import { INBOX_PATH, messagePath, renderPage } from './layout';
import type { MessageView } from './message-view';

/** The inbox page for messages in the order they were sent (the page shows them newest first). */
export function renderInboxPage(messages: readonly MessageView[]): string {
  const views = [...messages].reverse();
  const count = `${views.length} ${views.length === 1 ? 'message' : 'messages'}`;
  const body = html`<div class="titlebar">
<h1>Inbox <span class="count">${count}</span></h1>
<a class="button" href="${INBOX_PATH}">Refresh</a>
</div>
${views.length === 0 ? emptyState() : messageTable(views)}`;
  return renderPage({ title: views.length === 0 ? 'Inbox' : `Inbox (${views.length})`, body });
}

function emptyState() {
  return html`<section class="card empty" aria-labelledby="empty-title">
<h2 id="empty-title">No mail yet</h2>
<p>Mail sent to this runtime with SES v2 SendEmail lands here instead of being delivered. Send some, then refresh.</p>
</section>`;
}

function messageTable(views: readonly MessageView[]) {
  return html`<div class="card table-scroll">
<table>
<caption class="visually-hidden">Captured mail, newest first</caption>
<thead><tr><th scope="col">Received</th><th scope="col">From</th><th scope="col">To</th><th scope="col">Subject</th></tr></thead>
<tbody>
${views.map(messageRow)}
</tbody>
</table>
</div>`;
}

function messageRow(view: MessageView) {
  const recipients = [...view.to, ...view.cc, ...view.bcc];
  return html`<tr>
<td class="when"><time datetime="${view.sentAtIso}">${view.sentAtText}</time></td>
<td class="who from">${renderAddress(view.from)}</td>
<td class="who to">${recipients.length === 0 ? html`<span class="none">none</span>` : renderAddresses(recipients)}</td>
<td class="subject"><a href="${messagePath(view.id)}">${view.subject === undefined || view.subject === '' ? html`<span class="none">(no subject)</span>` : view.subject}</a></td>
</tr>
`;
}
