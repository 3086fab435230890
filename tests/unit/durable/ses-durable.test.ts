import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SentEmails, type SentEmail } from '../../../local/ses/sent-emails';

const mail = (id: string): SentEmail => ({ Id: id, Region: 'us-east-1', Source: 'shop@example.com', Subject: `order ${id}`, Timestamp: '2026-01-01T00:00:00' });

describe('SES captured mail in durable mode (<state dir>/ses/mail.jsonl)', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'durable-ses-'));
    file = path.join(dir, 'mail.jsonl');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('replays what was captured and deleted into the next runtime', () => {
    // Prepare
    const first = new SentEmails();
    first.persistTo(file, () => undefined);
    first.add(mail('a'));
    first.add(mail('b'));
    first.delete('a');

    // Act
    const second = new SentEmails();
    second.persistTo(file, () => undefined);

    // Assess
    expect(second.list().map((message) => message.Id)).toEqual(['b']);
  });

  it('drops a line torn by a crash with a warning and keeps appending after it', () => {
    // Prepare
    const first = new SentEmails();
    first.persistTo(file, () => undefined);
    first.add(mail('a'));
    appendFileSync(file, '{"add":{"Id":"b","Reg');
    const log: string[] = [];

    // Act
    const second = new SentEmails();
    second.persistTo(file, (line) => log.push(line));
    second.add(mail('c'));
    const third = new SentEmails();
    third.persistTo(file, () => undefined);

    // Assess
    expect(log.join('\n')).toMatch(/mail\.jsonl ended in a line torn by a crash; it was dropped \(1 whole lines loaded\)/);
    expect(third.list().map((message) => message.Id)).toEqual(['a', 'c']);
    expect(readFileSync(file, 'utf8').split('\n').filter(Boolean)).toHaveLength(2);
  });
});
