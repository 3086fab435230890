/**
 * The mail the runtime captured instead of sending, kept in LocalStack's shape so that tests can read it the same way
 * from LocalStack and from this runtime (`GET /_aws/ses`). LocalStack records, per message: Id, Region, Destination,
 * Source, Subject and Body `{text_part, html_part}` for formatted mail, RawData for raw mail, and a Timestamp
 * (`YYYY-MM-DDTHH:MM:SS`, UTC). https://docs.localstack.cloud/user-guide/aws/ses/ (Sent Emails)
 */
import { appendLine, readAppendLog } from '../platform/append-log';

/** SES's Destination: the recipients by role; LocalStack keeps it as the request gave it. */
export interface SentEmailDestination {
  readonly ToAddresses?: readonly string[];
  readonly CcAddresses?: readonly string[];
  readonly BccAddresses?: readonly string[];
}

/** One captured message as `/_aws/ses` lists it. */
export interface SentEmail {
  readonly Id: string;
  readonly Region: string;
  readonly Destination?: SentEmailDestination;
  readonly Source: string;
  readonly Subject?: string;
  /** For formatted mail; a part the message did not have is null, as LocalStack gives it. */
  readonly Body?: { readonly text_part: string | null; readonly html_part: string | null };
  /** For raw mail: the MIME message as text. */
  readonly RawData?: string;
  readonly Timestamp: string;
}

/** The filters of `GET /_aws/ses`: `id` matches the message id, `email` the Source; empty means no filter. */
export interface SentEmailFilter {
  readonly id?: string | null;
  readonly email?: string | null;
}

type MailChange = { readonly add: SentEmail } | { readonly delete: string | null };

/** The captured messages, in the order they were sent. */
export class SentEmails {
  private readonly messages = new Map<string, SentEmail>();
  private logFile?: string;

  /**
   * Durable mode: replays `<state dir>/ses/mail.jsonl` (what was captured and deleted), then appends every change to
   * it, so captured mail survives a restart.
   */
  persistTo(file: string, log: (line: string) => void): void {
    this.logFile = undefined;
    for (const change of readAppendLog(file, log) as MailChange[]) {
      if ('add' in change) this.add(change.add);
      else this.delete(change.delete);
    }
    this.logFile = file;
  }

  add(message: SentEmail): void {
    this.messages.set(message.Id, message);
    if (this.logFile) appendLine(this.logFile, { add: message } satisfies MailChange);
  }

  list(filter: SentEmailFilter = {}): SentEmail[] {
    return [...this.messages.values()].filter(
      (message) => (!filter.id || message.Id === filter.id) && (!filter.email || message.Source === filter.email),
    );
  }

  /** Deletes one message, or every message when no id is given. */
  delete(id?: string | null): void {
    if (id) this.messages.delete(id);
    else this.messages.clear();
    if (this.logFile) appendLine(this.logFile, { delete: id ?? null } satisfies MailChange);
  }
}

/** LocalStack's timestamp format: seconds precision, UTC, no zone suffix. */
export function localStackTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 19);
}
