/**
 * What the seed scripts share: their `--flag value` options and the stack outputs `npm start` writes
 * (`.local/stack-outputs.json`, or the file `--outputs` names), read with a message that says what to do when they are
 * missing.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The value after `flag` in argv, if the flag is there. */
export function optionValue(argv: readonly string[], flag: string): string | undefined {
  const at = argv.indexOf(flag);
  return at >= 0 ? argv[at + 1] : undefined;
}

export interface StackOutputsRequest<Name extends string> {
  /** The outputs the script cannot do without. */
  readonly required: readonly Name[];
  /** What should be deployed when they are missing, e.g. `the order stack`. */
  readonly stack: string;
  /** How else to run the script when there is no local stack, e.g. `pass --bucket <ImageBucketName> for AWS`. */
  readonly otherwise?: string;
  /** Reads the file; the file system by default (tests pass text). */
  readonly read?: (file: string) => string;
}

/** The outputs file's entries, the required ones checked present. */
export function readStackOutputs<Name extends string>(argv: readonly string[], request: StackOutputsRequest<Name>): Record<Name, string> & Record<string, string | undefined> {
  const file = path.resolve(optionValue(argv, '--outputs') || path.join(__dirname, '..', '.local', 'stack-outputs.json'));
  let outputs: Record<string, string | undefined>;
  try {
    outputs = JSON.parse((request.read ?? ((name: string) => readFileSync(name, 'utf8')))(file)) as Record<string, string | undefined>;
  } catch (error) {
    const otherwise = request.otherwise ? `, or ${request.otherwise}` : '';
    throw new Error(`Cannot read ${file} (${(error as Error).message}): start the stack with \`npm start\` first${otherwise}`, { cause: error });
  }
  if (request.required.some((name) => !outputs[name])) {
    const names = request.required.length > 1 ? `${request.required.slice(0, -1).join(', ')} or ${request.required.at(-1)}` : request.required.join('');
    throw new Error(`${file} has no ${names}: is ${request.stack} deployed?`);
  }
  return outputs as Record<Name, string> & Record<string, string | undefined>;
}
