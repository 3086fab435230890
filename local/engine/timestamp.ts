/**
 * The one timestamp parser of the engine. Wait (Timestamp, TimestampPath) and Choice (Timestamp* operators, IsTimestamp)
 * both take RFC 3339 as the ASL spec profiles it, so they share this parser rather than each keeping a variant.
 * https://states-language.net/spec.html#timestamps
 * https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html ("Timestamps must conform to the RFC3339 profile
 * of ISO 8601, with the further restrictions that an uppercase T must separate the date and time portions, and an
 * uppercase Z must denote that a numeric time zone offset is not present")
 *
 * The conformance corpus (recorded on AWS) agrees: "2016-03-05T21:29:29.243167252Z" (nine fractional digits) is a
 * valid Wait Timestamp; "2016-12-05T21:29:29" (no zone), "2016-12-05 21:29:29Z" (no T), "2016-13-05T21:29:29Z" (month 13)
 * and "2016-12-05T25:29:29Z" (hour 25) are not.
 */

/** An instant with nanosecond precision: whole seconds since the epoch, then the fraction. */
export interface Timestamp {
  readonly epochSeconds: number;
  readonly nanos: number;
}

/** Uppercase `T` and `Z`, or a numeric offset; up to nine fractional digits. */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:Z|([+-])(\d{2}):(\d{2}))$/;

/** The instant a timestamp string denotes, or undefined when it is not one AWS accepts (dates and times must exist). */
export function parseTimestamp(text: unknown): Timestamp | undefined {
  if (typeof text !== 'string') return undefined;
  const match = RFC3339.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const [fraction = '', sign, offsetHours = '0', offsetMinutes = '0'] = match.slice(7);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) return undefined;
  if (Number(offsetHours) > 18 || Number(offsetMinutes) > 59) return undefined;
  const offsetSeconds = (sign === '-' ? -1 : 1) * (Number(offsetHours) * 3600 + Number(offsetMinutes) * 60);
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(hour, minute, second, 0);
  return { epochSeconds: utc.getTime() / 1000 - offsetSeconds, nanos: Number(fraction.padEnd(9, '0')) };
}

/** Milliseconds since the epoch (what the clock speaks), or undefined when the value is not a valid timestamp. */
export function timestampMillis(text: unknown): number | undefined {
  const instant = parseTimestamp(text);
  return instant === undefined ? undefined : instant.epochSeconds * 1000 + Math.floor(instant.nanos / 1_000_000);
}

/** Negative, zero or positive as `a` is before, at or after `b`. */
export function compareTimestamps(a: Timestamp, b: Timestamp): number {
  return a.epochSeconds !== b.epochSeconds ? a.epochSeconds - b.epochSeconds : a.nanos - b.nanos;
}
