import { timestampMillis } from '../../../local/engine/timestamp';

// Wait's Timestamp/TimestampPath and Choice's Timestamp* operators share one parser: RFC 3339 with uppercase T and Z.
// https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html; the corpus's recorded Wait cases agree.
describe('timestampMillis (the instant Wait sleeps until)', () => {
  it.each([
    ['2016-03-14T01:59:00Z', Date.UTC(2016, 2, 14, 1, 59, 0)],
    ['2016-03-05T21:29:29.243167252Z', Date.UTC(2016, 2, 5, 21, 29, 29, 243)],
    ['2016-03-14T03:59:00+02:00', Date.UTC(2016, 2, 14, 1, 59, 0)],
  ])('reads %s', (text, expected) => {
    expect(timestampMillis(text)).toBe(expected);
  });

  it.each(['2016-12-05T21:29:29', '2016-12-05 21:29:29Z', '2016-13-05T21:29:29Z', '2016-12-05T25:29:29Z', '05-12-2016T21:29:29Z',
    '2016-02-30T00:00:00Z', '2016-03-14t01:59:00z', 1457920740000, null])('refuses %p, as AWS did in the recorded runs', (text) => {
    expect(timestampMillis(text)).toBeUndefined();
  });
});
