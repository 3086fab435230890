/**
 * The intrinsic-function grammar: `States.Name(arg, ...)` where an argument is a string literal, a number, a boolean,
 * null, a path or another call. Parsing only; intrinsics.ts compiles the tree and intrinsic-functions.ts runs it.
 * https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html
 */
import { runtimeError } from './errors';

/** An argument as written: literals keep their raw text, because States.Format treats `\{` differently from `{`. */
export type Argument =
  | { readonly kind: 'literal'; readonly value: unknown; readonly raw?: string }
  | { readonly kind: 'path'; readonly text: string }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly Argument[] };

const INTRINSIC_START = /^\s*States\.[A-Za-z0-9]+\s*\(/;

/** True for a `.$` value that is an intrinsic call rather than a path. */
export function isIntrinsic(text: string): boolean {
  return INTRINSIC_START.test(text);
}

/** Parses a whole intrinsic call; `isKnown` says which function names exist (others fail with States.Runtime). */
export function parseIntrinsic(text: string, isKnown: (name: string) => boolean): Argument {
  return new CallParser(text, isKnown).parseTopLevel();
}

/** Recursive-descent parser over the intrinsic grammar: call := States.Name '(' [arg (',' arg)*] ')'. */
class CallParser {
  private pos = 0;

  constructor(private readonly text: string, private readonly isKnown: (name: string) => boolean) {}

  parseTopLevel(): Argument {
    this.skipSpace();
    const call = this.parseCall();
    this.skipSpace();
    if (this.pos !== this.text.length) this.fail('unexpected text after the closing parenthesis');
    return call;
  }

  private parseCall(): Argument {
    const match = /^States\.([A-Za-z0-9]+)\s*\(/.exec(this.text.slice(this.pos));
    if (!match) this.fail('expected an intrinsic function call');
    const name = `States.${match[1]}`;
    if (!this.isKnown(name)) throw runtimeError(`The intrinsic function '${name}' is not supported: ${this.text}`);
    this.pos += match[0].length;
    const args: Argument[] = [];
    this.skipSpace();
    if (this.text[this.pos] === ')') {
      this.pos++;
      return { kind: 'call', name, args };
    }
    for (;;) {
      this.skipSpace();
      args.push(this.parseArgument());
      this.skipSpace();
      const c = this.text[this.pos++];
      if (c === ')') return { kind: 'call', name, args };
      if (c !== ',') this.fail("expected ',' or ')'");
    }
  }

  private parseArgument(): Argument {
    const rest = this.text.slice(this.pos);
    const c = rest[0];
    if (c === "'") return this.parseString();
    if (c === '$') return { kind: 'path', text: this.readPath() };
    if (rest.startsWith('States.')) return this.parseCall();
    const literal = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)(?=\s*[,)])/.exec(rest);
    if (!literal) this.fail('expected a string, number, boolean, null, path or intrinsic function');
    this.pos += literal[0].length;
    return { kind: 'literal', value: JSON.parse(literal[0]) };
  }

  /** `'...'` where `\'`, `\{`, `\}` and `\\` are escapes (AWS's documented set); any other backslash stays as is. */
  private parseString(): Argument {
    const start = ++this.pos;
    let value = '';
    while (this.pos < this.text.length) {
      const c = this.text[this.pos];
      if (c === '\\' && "'{}\\".includes(this.text[this.pos + 1] ?? '')) {
        value += this.text[this.pos + 1];
        this.pos += 2;
      } else if (c === "'") {
        const raw = this.text.slice(start, this.pos);
        this.pos++;
        return { kind: 'literal', value, raw };
      } else {
        value += c;
        this.pos++;
      }
    }
    this.fail('unterminated string literal');
  }

  /** A path runs to the next `,` or `)` outside brackets and quotes (filters may contain both). */
  private readPath(): string {
    const start = this.pos;
    let depth = 0;
    let quote: string | undefined;
    for (; this.pos < this.text.length; this.pos++) {
      const c = this.text[this.pos];
      if (quote) {
        if (c === '\\') this.pos++;
        else if (c === quote) quote = undefined;
      } else if (c === "'" || c === '"') quote = c;
      else if (c === '[' || c === '(') depth++;
      else if ((c === ']' || c === ')') && depth > 0) depth--;
      else if (depth === 0 && (c === ',' || c === ')')) break;
    }
    return this.text.slice(start, this.pos).trimEnd();
  }

  private skipSpace(): void {
    while (/\s/.test(this.text[this.pos] ?? '')) this.pos++;
  }

  private fail(problem: string): never {
    throw runtimeError(`Invalid intrinsic function call '${this.text}': ${problem} at position ${this.pos}`);
  }
}
