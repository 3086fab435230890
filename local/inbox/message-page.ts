/**
 * One message: its headers, its HTML part and its text part.
 *
 * The HTML part is untrusted markup, shown in an `<iframe srcdoc>` whose sandbox grants no scripts, no forms and no
 * same-origin access (https://html.spec.whatwg.org/multipage/iframe-embed-object.html#attr-iframe-sandbox); it may only
 * navigate the top page when the user clicks (`allow-top-navigation-by-user-activation`) or open a new tab
 * (`allow-popups`, escaping the sandbox so the opened page works normally). A `<base target="_top">` put in front of
 * the mail makes its ordinary links open in place of the inbox, the way a developer follows an emailed link.
 * The text part is escaped text, its http(s) URLs made links so they can be followed too.
 */
import { renderAddress, renderAddresses } from './address';
import { html, type HtmlValue, type SafeHtml } from '../../lib/html';
import { INBOX_PATH, renderPage } from './layout';
import type { MessageView } from './message-view';

/** What the mail's frame may do: follow a clicked link (in place or in a new tab), nothing else. */
export const MAIL_FRAME_SANDBOX = 'allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation';

export function renderMessagePage(view: MessageView): string {
  const subject = view.subject === undefined || view.subject === '' ? undefined : view.subject;
  const body = html`<nav class="crumbs" aria-label="Breadcrumb"><a href="${INBOX_PATH}">← Back to the inbox</a></nav>
<article class="card message" aria-labelledby="subject">
<h1 id="subject">${subject ?? html`<span class="none">(no subject)</span>`}</h1>
${headerList(view)}
${htmlPart(view.html)}
${textPart(view.text)}
${view.raw === undefined ? '' : html`<details><summary>MIME source</summary><pre class="text">${view.raw}</pre></details>`}
</article>`;
  return renderPage({ title: subject ?? '(no subject)', body });
}

function headerList(view: MessageView): SafeHtml {
  const row = (name: string, value: HtmlValue) => html`<dt>${name}</dt><dd>${value}</dd>`;
  const addresses = (name: string, list: readonly string[]) => (list.length === 0 ? '' : row(name, renderAddresses(list)));
  return html`<dl class="headers">
${row('From', renderAddress(view.from))}
${view.to.length === 0 && view.cc.length === 0 && view.bcc.length === 0 ? row('To', html`<span class="none">no recipient</span>`) : addresses('To', view.to)}
${addresses('Cc', view.cc)}
${addresses('Bcc', view.bcc)}
${row('Sent', html`<time datetime="${view.sentAtIso}">${view.sentAtText}</time>`)}
${row('Message ID', html`<code>${view.id}</code>`)}
${row('Region', view.region)}
</dl>`;
}

function htmlPart(markup: string | null): SafeHtml {
  if (markup === null) return html`<section class="part" aria-labelledby="html-part"><h2 id="html-part">HTML part</h2><p class="none">This message has no HTML part.</p></section>`;
  return html`<section class="part" aria-labelledby="html-part">
<h2 id="html-part">HTML part</h2>
<p class="note">Shown in a sandbox: scripts and forms are off and remote images are not loaded. A link you click opens here, in place of the inbox.</p>
<div class="frame"><iframe title="HTML part of the message" sandbox="${MAIL_FRAME_SANDBOX}" referrerpolicy="no-referrer" srcdoc="${mailDocument(markup)}"></iframe></div>
</section>`;
}

/** The frame's document: standards mode, links aimed at the top page, a readable default style, then the mail. */
export function mailDocument(markup: string): string {
  return `<!doctype html><meta charset="utf-8"><base target="_top"><style>body{margin:1rem;font:16px/1.5 system-ui,sans-serif;color:#17202c;background:#fff}</style>${markup}`;
}

function textPart(text: string | null): SafeHtml {
  if (text === null) return html`<section class="part" aria-labelledby="text-part"><h2 id="text-part">Text part</h2><p class="none">This message has no text part.</p></section>`;
  return html`<section class="part" aria-labelledby="text-part">
<h2 id="text-part">Text part</h2>
<pre class="text">${linkified(text)}</pre>
</section>`;
}

/** Text with each http(s) URL made a link (trailing punctuation stays text); everything else escaped. */
export function linkified(text: string): SafeHtml {
  const pieces: HtmlValue[] = [];
  let last = 0;
  for (const match of text.matchAll(/\bhttps?:\/\/[^\s<>"'`]+/g)) {
    const url = match[0].replace(/[.,;:!?)\]}]+$/, '');
    const start = match.index ?? 0;
    pieces.push(text.slice(last, start), html`<a href="${url}">${url}</a>`);
    last = start + url.length;
  }
  pieces.push(text.slice(last));
  return html`${pieces}`;
}
