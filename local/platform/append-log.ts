/**
 * Durable mode's append-only log of JSON lines, for a service whose state is a sequence of changes (SES's captured
 * mail). Each append is one write and one fdatasync, so a kill -9 loses at most the line being written. Reading back,
 * a last line torn by a crash is dropped with a warning and the file rewritten without it; a line damaged anywhere
 * else is not something a crash does, so nothing after it is trusted: the lines before it are returned and the
 * damage is reported, naming the file.
 */
import { closeSync, fdatasyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { writeFileAtomically } from './state-dir';

export function readAppendLog(file: string, log: (line: string) => void): unknown[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const lines = text.split('\n');
  let torn = lines.pop() !== '';
  const values: unknown[] = [];
  for (const [index, line] of lines.entries()) {
    try {
      values.push(JSON.parse(line));
    } catch {
      if (index === lines.length - 1) {
        torn = true;
        break;
      }
      log(`Durable state: ${file} is damaged at line ${index + 1} (not the last line, so not a torn append); only the ${index} lines before it are loaded. Remove the file to start without it.`);
      writeFileAtomically(file, values.map((value) => `${JSON.stringify(value)}\n`).join(''));
      return values;
    }
  }
  if (torn) {
    log(`Durable state: ${file} ended in a line torn by a crash; it was dropped (${values.length} whole lines loaded).`);
    writeFileAtomically(file, values.map((value) => `${JSON.stringify(value)}\n`).join(''));
  }
  return values;
}

/** Appends one JSON line and syncs it to disk. */
export function appendLine(file: string, value: unknown): void {
  const fd = openSync(file, 'a');
  try {
    writeSync(fd, `${JSON.stringify(value)}\n`);
    fdatasyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
