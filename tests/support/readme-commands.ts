/**
 * Reads the shell commands of a README code block marked for the doc test, so the test runs what README says rather
 * than a copy that drifts from it. A block is marked by an HTML comment on the line before its opening fence:
 *
 *     <!-- doc-test: run-locally -->
 *     ```sh
 *     npm start   # in one terminal
 *     ```
 *
 * Each command comes back as written (continuation lines joined) with its trailing `# comment` apart.
 */

export interface ReadmeCommand {
  /** The command as a shell would read it, `\`-continued lines joined. */
  readonly command: string;
  /** The text after an unquoted ` #`, trimmed; '' when there is none. */
  readonly comment: string;
}

/** The body of the fenced block right after `<!-- doc-test: <name> -->`; throws naming the marker when there is none. */
export function markedBlock(markdown: string, name: string): string {
  const lines = markdown.replace(/\r\n/g, '\n').split('\n');
  const marker = `<!-- doc-test: ${name} -->`;
  const at = lines.findIndex((line) => line.trim() === marker);
  if (at < 0) throw new Error(`README has no ${marker} marker: the doc test cannot find the block it proves`);
  const fence = /^(\s*)(```+|~~~+)/.exec(lines[at + 1] ?? '');
  if (!fence) throw new Error(`${marker} must be followed directly by a fenced code block`);
  const end = lines.findIndex((line, index) => index > at + 1 && line.trim() === fence[2]);
  if (end < 0) throw new Error(`The code block after ${marker} is not closed`);
  return lines.slice(at + 2, end).join('\n');
}

/** Index of the first ` #` (or a leading `#`) outside quotes, or -1. */
function commentStart(line: string): number {
  let quote: string | undefined;
  for (let index = 0; index < line.length; index += 1) {
    const char = line[index];
    if (quote) {
      if (char === '\\' && quote === '"') index += 1;
      else if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"') quote = char;
    else if (char === '\\') index += 1;
    else if (char === '#' && (index === 0 || /\s/.test(line.charAt(index - 1)))) return index;
  }
  return -1;
}

/** The commands of a block: one per logical line, blank and comment-only lines dropped. */
export function commandsOf(block: string): ReadmeCommand[] {
  const logical: string[] = [];
  let pending = '';
  for (const line of block.split('\n')) {
    if (/\\\s*$/.test(line) && commentStart(line) < 0) {
      pending += `${line.replace(/\\\s*$/, '')}`;
      continue;
    }
    logical.push(pending + line);
    pending = '';
  }
  if (pending) logical.push(pending);
  return logical
    .map((line) => {
      const hash = commentStart(line);
      return hash < 0 ? { command: line.trim(), comment: '' } : { command: line.slice(0, hash).trim(), comment: line.slice(hash + 1).trim() };
    })
    .filter((entry) => entry.command !== '');
}
