/** `$$.Execution` and `$$.StateMachine`, fixed for an execution. https://docs.aws.amazon.com/step-functions/latest/dg/input-output-contextobject.html */
export interface ExecutionContext {
  readonly Execution: {
    Id: string;
    Input: unknown;
    Name: string;
    RoleArn: string;
    StartTime: string;
    RedriveCount: number;
    RedriveTime?: string;
  };
  readonly StateMachine: { Id: string; Name: string };
}

/**
 * `$$.Map.Item` inside a Map iteration. `Source` says where the item came from: `STATE_DATA` for an item of the state
 * input (ItemsPath/Items), an `s3://bucket[/key]` URI for an ItemReader's items.
 * https://docs.aws.amazon.com/step-functions/latest/dg/input-output-contextobject.html#contextobject-map
 */
export interface MapItemContext {
  readonly Index: number;
  readonly Value: unknown;
  readonly Source: string;
}

/** The item source of every item the Map state read from its own input. */
export const STATE_DATA_SOURCE = 'STATE_DATA';

/** `$$.Map.Item` for the item at `index` of the state input's items. */
export const stateDataItem = (index: number, value: unknown): MapItemContext => ({ Index: index, Value: value, Source: STATE_DATA_SOURCE });

/** An ISO 8601 timestamp with milliseconds, as the context object and Wait states use. */
export const isoTime = (ms: number): string => new Date(ms).toISOString();
