/**
 * Function names as Invoke accepts them: a name (`my-function`), a name with a qualifier (`my-function:v1`), a partial
 * ARN (`123456789012:function:my-function`) or a full ARN, each optionally qualified.
 * https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html#API_Invoke_RequestSyntax (FunctionName)
 */
export interface FunctionReference {
  readonly name: string;
  readonly qualifier?: string;
}

const FULL_ARN = /^arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:\d{12}:function:([a-zA-Z0-9-_.]+)(?::([a-zA-Z0-9-_$]+))?$/;
const PARTIAL_ARN = /^\d{12}:function:([a-zA-Z0-9-_.]+)(?::([a-zA-Z0-9-_$]+))?$/;
const NAME = /^([a-zA-Z0-9-_.]+)(?::([a-zA-Z0-9-_$]+))?$/;

/** Splits any accepted form into name and qualifier; `undefined` when the text is none of them. */
export function parseFunctionReference(nameOrArn: string): FunctionReference | undefined {
  const [, name, qualifier] = FULL_ARN.exec(nameOrArn) ?? PARTIAL_ARN.exec(nameOrArn) ?? NAME.exec(nameOrArn) ?? [];
  if (name === undefined) return undefined;
  return qualifier === undefined ? { name } : { name, qualifier };
}

/** The unqualified function ARN, as Lambda prints it in `Function not found: ...`. */
export function functionArn(region: string, accountId: string, name: string, qualifier?: string): string {
  const base = `arn:aws:lambda:${region}:${accountId}:function:${name}`;
  return qualifier ? `${base}:${qualifier}` : base;
}
