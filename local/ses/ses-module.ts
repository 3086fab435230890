/**
 * SES v2 on the edge, capturing mail instead of sending it: `POST /v2/email/outbound-emails` (SendEmail, REST-JSON as
 * `@aws-sdk/client-sesv2` sends it) answers `{MessageId}` and keeps the message; `GET /_aws/ses` lists the kept
 * messages and `DELETE /_aws/ses` forgets them, both as LocalStack's inspection endpoint does (filters `id` and
 * `email`), so that a test reading sent mail runs unchanged against LocalStack.
 * https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_SendEmail.html
 */
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, readBody, send } from '../edge/http-io';
import { asAwsError, AwsError } from '../platform/aws-error';
import { sendRestJsonError } from '../platform/protocols/rest-json';
import { parseJsonSafely } from '../platform/safe-json';
import { signingRegion, type EmulatedService, type ServiceRoute } from '../platform/service';
import { captureSendEmail } from './send-email';
import { SentEmails } from './sent-emails';

export const SES = 'ses';
export const SEND_EMAIL_PATH = '/v2/email/outbound-emails';
/** LocalStack's path for sent mail. */
export const SENT_EMAILS_PATH = '/_aws/ses';
/** SES v2 accepts messages up to 40 MB. https://docs.aws.amazon.com/ses/latest/dg/quotas.html */
const MAX_REQUEST_BYTES = 40 * 1024 * 1024;

export interface SesRouteOptions {
  /** The region recorded when a request's signature names none. */
  readonly region: string;
  /** The clock of message timestamps. */
  readonly now: () => number;
}

/** SendEmail and the inspection endpoint over one store of sent mail. */
export function sesRoutes(sent: SentEmails, options: () => SesRouteOptions): ServiceRoute[] {
  const sendEmail: ServiceRoute = {
    match: { path: SEND_EMAIL_PATH },
    handle: (req, res) => serveSendEmail(req, res, sent, options()),
  };
  const inspection: ServiceRoute = {
    match: { path: SENT_EMAILS_PATH },
    handle: (req, res, url) => {
      req.resume();
      if (req.method !== 'GET' && req.method !== 'DELETE') {
        return sendRestJsonError(res, new AwsError('MethodNotAllowed', `${req.method ?? 'This method'} is not served at ${SENT_EMAILS_PATH}; use GET or DELETE`, 405));
      }
      const id = url.searchParams.get('id');
      if (req.method === 'DELETE') {
        sent.delete(id);
        res.writeHead(204).end();
        return;
      }
      const messages = sent.list({ id, email: url.searchParams.get('email') });
      send(res, 200, JSON.stringify({ messages }), { 'Content-Type': 'application/json' });
    },
  };
  return [sendEmail, inspection];
}

export interface SesModule extends EmulatedService {
  /** The captured mail, for the inbox and for code in the same process. */
  readonly sent: SentEmails;
}

export function createSesModule(): SesModule {
  const sent = new SentEmails();
  let options: SesRouteOptions = { region: 'us-east-1', now: Date.now };
  return {
    name: SES,
    sent,
    routes: sesRoutes(sent, () => options),
    start(context) {
      options = { region: context.region, now: () => context.clock.now() };
      const stateDir = context.stateDirFor(SES);
      if (stateDir !== undefined) sent.persistTo(path.join(stateDir, 'mail.jsonl'), context.log);
    },
  };
}

async function serveSendEmail(req: IncomingMessage, res: ServerResponse, sent: SentEmails, options: SesRouteOptions): Promise<void> {
  try {
    if (req.method !== 'POST') {
      req.resume();
      throw new AwsError('NotFoundException', `${req.method ?? 'This method'} ${SEND_EMAIL_PATH} is not an SES v2 operation`, 404);
    }
    const request = await readJsonObject(req);
    const message = captureSendEmail(request, { region: signingRegion(req) ?? options.region, now: options.now });
    sent.add(message);
    send(res, 200, JSON.stringify({ MessageId: message.Id }), { 'Content-Type': 'application/json' });
  } catch (error) {
    sendRestJsonError(res, asAwsError(error));
  }
}

async function readJsonObject(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = (await readBody(req, MAX_REQUEST_BYTES)).toString('utf8');
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new AwsError('BadRequestException', error.message);
    throw error;
  }
  if (text.trim() === '') return {};
  const parsed = parseJsonSafely(text);
  if (!parsed.ok) throw new AwsError('BadRequestException', 'The request body is not valid JSON.');
  const value = parsed.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new AwsError('BadRequestException', 'The request body must be a JSON object.');
  return value as Record<string, unknown>;
}
