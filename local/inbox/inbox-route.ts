/**
 * The local inbox on the edge: `GET /_runtime/inbox` lists the mail the SES capture kept, `GET /_runtime/inbox/<id>`
 * shows one message. It reads the same store as LocalStack's `/_aws/ses`, so what a test reads as JSON a developer
 * reads here, and can click the links in (an approval link, say).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { send } from '../edge/http-io';
import type { EmulatedService, ServiceRoute } from '../platform/service';
import type { SesModule } from '../ses/ses-module';
import type { SentEmails } from '../ses/sent-emails';
import { renderErrorPage } from './error-page';
import { renderInboxPage } from './inbox-page';
import { INBOX_PATH, PAGE_HEADERS } from './layout';
import { renderMessagePage } from './message-page';
import { toMessageView } from './message-view';

export { INBOX_PATH, messagePath } from './layout';

export interface InboxRouteOptions {
  /** The SES capture's store (`createSesCapture(...).sent`). */
  readonly sent: Pick<SentEmails, 'list'>;
}

/** `/_runtime/inbox` and everything under it. */
const INBOX_PATHS = new RegExp(`^${INBOX_PATH}(?:/|$)`);

/** The inbox's pages over a store of sent mail. */
export function inboxRoutes(options: InboxRouteOptions): ServiceRoute[] {
  return [{ match: { path: INBOX_PATHS }, handle: (req, res, url) => serveInbox(req, res, url, options.sent) }];
}

/** The inbox as a service: it reads the mail the `ses` service captured, found once the runtime starts. */
export function createInboxModule(): EmulatedService {
  let sent: Pick<SentEmails, 'list'> | undefined;
  const none: Pick<SentEmails, 'list'> = { list: () => [] };
  return {
    name: 'inbox',
    routes: inboxRoutes({ sent: { list: (filter) => (sent ?? none).list(filter) } }),
    start(context) {
      sent = context.service<SesModule>('ses').sent;
    },
  };
}

async function serveInbox(req: IncomingMessage, res: ServerResponse, url: URL, sent: Pick<SentEmails, 'list'>): Promise<void> {
  req.resume();
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    const page = renderErrorPage('Method not allowed', `The inbox only reads mail: ${req.method ?? 'this method'} is not served here.`);
    send(res, 405, page, { ...PAGE_HEADERS, Allow: 'GET, HEAD' });
    return;
  }
  const rest = url.pathname.slice(INBOX_PATH.length).replace(/^\/|\/$/g, '');
  if (rest === '') {
    send(res, 200, renderInboxPage(await Promise.all(sent.list().map(toMessageView))), PAGE_HEADERS);
    return;
  }
  const id = messageIdOf(rest);
  const message = id === undefined ? undefined : sent.list({ id })[0];
  if (!message) {
    const page = renderErrorPage('Message not found', 'No captured message has this id. Mail lives in memory, so it is gone once the runtime restarts.');
    send(res, 404, page, PAGE_HEADERS);
    return;
  }
  send(res, 200, renderMessagePage(await toMessageView(message)), PAGE_HEADERS);
}

/** The id in `/_runtime/inbox/<id>`; undefined for a malformed escape or a deeper path. */
function messageIdOf(segment: string): string | undefined {
  if (segment.includes('/')) return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
