/** Types for substitutions.js (plain CommonJS, because osls's `${file(...)}` loads it without a TypeScript loader). */

/** A CloudFormation intrinsic such as `{ Ref: 'SmokeTable' }` or `{ 'Fn::GetAtt': [id, 'Arn'] }`. */
export type Intrinsic = Record<string, unknown>;

/** Placeholder name (as written `${Name}` in ASL) → the intrinsic that deploys it. */
export const substitutions: Readonly<Record<string, Intrinsic>>;

/** Placeholder name → the serverless.yml setting (`self:` path) that gives its value when osls loads a definition. */
export const settings: Readonly<Record<string, string>>;

/** A copy of `value` with every placeholder replaced; throws on a placeholder the map does not know. */
export function substitute(value: unknown, map?: Readonly<Record<string, Intrinsic>>, where?: string): unknown;

/** `statemachines/<name>.asl.json` as written, placeholders included. */
export function readDefinition(name: string): Record<string, unknown>;

/** The definition for serverless-step-functions: placeholders replaced by intrinsics. */
export function loadDefinition(name: string, values?: Readonly<Record<string, unknown>>): Record<string, unknown>;

export function smoke(): Record<string, unknown>;

export function orderProcessing(): Record<string, unknown>;

/** The image pipeline's definition, its settings resolved through osls's `resolveVariable` (what `${file(...)}` passes). */
export function imageProcessing(context: { resolveVariable(variable: string): Promise<unknown> }): Promise<Record<string, unknown>>;

/** The review sentiment definition (its settings come through the ReviewSentiment mapping of serverless.yml). */
export function reviewSentiment(): Record<string, unknown>;
