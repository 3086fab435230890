/**
 * SQS queue administration: the queues of one account and region, their URLs and ARNs, and the actions that create,
 * find, list, describe, reconfigure, tag and delete them. What happens to messages in them is messages.ts.
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_Operations.html
 */
import type { AwsError } from '../platform/aws-error';
import type { Clock } from '../platform/clock';
import { invalidAttributeName, invalidParameterValue, missingParameter, queueDoesNotExist, queueNameExists } from './errors';
import { integerParameter } from './message-input';
import { NO_JOURNAL, Queue, type MessageJournal, type QueueContents } from './queue';
import { attributeText, COMPUTED_ATTRIBUTES, CREATE_ONLY, parseRedrivePolicy, validateAttributes } from './queue-attributes';
import { list, record, text, type Input, type Output } from './values';

const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/;

export interface QueueRegistryOptions {
  readonly region: string;
  readonly accountId: string;
  readonly clock: Clock;
  /** The base of queue URLs (the edge URL); settable later, once the edge listens. */
  readonly endpoint?: string;
  /** Durable mode's listener for every change to queues and messages (durable-queues.ts). */
  readonly journal?: QueueJournal;
}

/** A queue as durable mode keeps it: what CreateQueue, SetQueueAttributes and TagQueue said, and its messages. */
export interface SavedQueue {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly tags: Readonly<Record<string, string>>;
  readonly createdTimestamp: number;
  readonly lastModifiedTimestamp: number;
}

/** Durable mode's listener: queue-level changes, plus every message change (MessageJournal). */
export interface QueueJournal extends MessageJournal {
  queueSaved(queue: SavedQueue): void;
  queueDeleted(name: string): void;
}

export class QueueRegistry {
  private readonly queues = new Map<string, Queue>();
  private endpoint: string;

  constructor(private readonly options: QueueRegistryOptions) {
    this.endpoint = (options.endpoint ?? `https://sqs.${options.region}.amazonaws.com`).replace(/\/$/, '');
  }

  /** The base of queue URLs from now on: `<endpoint>/<account>/<name>`, LocalStack's path style. */
  setEndpoint(endpoint: string): void {
    this.endpoint = endpoint.replace(/\/$/, '');
  }

  queueUrl(name: string): string {
    return `${this.endpoint}/${this.options.accountId}/${name}`;
  }

  queueArn(name: string): string {
    return `arn:aws:sqs:${this.options.region}:${this.options.accountId}:${name}`;
  }

  /** The queue of that name, if it still exists (a long poll stops when its queue is deleted). */
  get(name: string): Queue | undefined {
    return this.queues.get(name);
  }

  /** Names of the queues, for the banner and tests. */
  names(): string[] {
    return [...this.queues.keys()];
  }

  /** Every queue with its contents, for durable mode's compaction. */
  saved(): { queue: SavedQueue; contents: QueueContents }[] {
    return [...this.queues.values()].map((queue) => ({ queue: savedQueue(queue), contents: queue.contents() }));
  }

  /** Durable mode's start: the queues a previous runtime left, with their messages; nothing is journaled again. */
  restore(saved: readonly { queue: SavedQueue; contents: QueueContents }[]): void {
    for (const { queue: record, contents } of saved) {
      const queue = new Queue({ name: record.name, arn: this.queueArn(record.name), url: this.queueUrl(record.name) }, record.attributes, record.tags, record.createdTimestamp);
      queue.lastModifiedTimestamp = record.lastModifiedTimestamp;
      queue.restore(contents);
      queue.journal = this.journal;
      this.queues.set(record.name, queue);
    }
  }

  private get journal(): QueueJournal {
    return this.options.journal ?? NO_QUEUE_JOURNAL;
  }

  /** PurgeQueue. */
  purge(input: Input): Output {
    this.queueOf(input).purge();
    return {};
  }

  /** ListQueueTags. */
  listTags(input: Input): Output {
    const { tags } = this.queueOf(input);
    return Object.keys(tags).length > 0 ? { Tags: { ...tags } } : {};
  }

  /** TagQueue. */
  tag(input: Input): Output {
    const queue = this.queueOf(input);
    for (const [key, value] of Object.entries(record(input.Tags))) queue.tags[key] = String(value);
    this.journal.queueSaved(savedQueue(queue));
    return {};
  }

  /** UntagQueue. */
  untag(input: Input): Output {
    const queue = this.queueOf(input);
    for (const key of list(input.TagKeys)) delete queue.tags[key];
    this.journal.queueSaved(savedQueue(queue));
    return {};
  }

  private now(): number {
    return this.options.clock.now();
  }

  queueByArn(arn: string): Queue | undefined {
    const name = arn.split(':').at(-1) ?? '';
    const queue = this.queues.get(name);
    return queue?.identity.arn === arn ? queue : undefined;
  }
  /** The queue a request's QueueUrl names: by its last path segment, whatever host the URL carries. */
  queueOf(input: Input): Queue {
    const url = text(input.QueueUrl);
    if (!url) throw missingParameter('QueueUrl');
    const [path = ''] = url.split('?', 1);
    const name = path.split('/').filter(Boolean).at(-1) ?? '';
    const queue = this.queues.get(name);
    if (!queue) throw queueDoesNotExist();
    return queue;
  }
  createQueue(input: Input): Output {
    const name = text(input.QueueName);
    if (!name) throw missingParameter('QueueName');
    const attributes = Object.fromEntries(Object.entries(record(input.Attributes)).map(([key, value]) => [key, attributeText(value)]));
    const fifo = attributes.FifoQueue === 'true';
    const baseName = name.endsWith('.fifo') ? name.slice(0, -'.fifo'.length) : name;
    if (!QUEUE_NAME.test(baseName) || name.length > 80) {
      throw invalidParameterValue('Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length');
    }
    if (fifo !== name.endsWith('.fifo')) {
      throw invalidParameterValue('The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.');
    }
    validateAttributes(attributes, fifo);
    this.checkRedriveTarget(attributes.RedrivePolicy);
    const existing = this.queues.get(name);
    if (existing) {
      // CreateQueue is idempotent for the same attributes; a different value is an error naming it.
      for (const [key, value] of Object.entries(attributes)) {
        if ((existing.attributes[key] ?? '') !== value) throw queueNameExists(name, key);
      }
      return { QueueUrl: this.queueUrl(name) };
    }
    // The JSON protocol's member is `tags` (lowercase); the query translation gives the same.
    const tags = Object.fromEntries(Object.entries(record(input.tags ?? input.Tags)).map(([key, value]) => [key, String(value)]));
    const queue = new Queue({ name, arn: this.queueArn(name), url: this.queueUrl(name) }, attributes, tags, this.now());
    queue.journal = this.journal;
    this.queues.set(name, queue);
    this.journal.queueSaved(savedQueue(queue));
    return { QueueUrl: this.queueUrl(name) };
  }
  /** A redrive policy must name a queue that exists. */
  private checkRedriveTarget(redrivePolicy: string | undefined): void {
    if (!redrivePolicy) return;
    const policy = parseRedrivePolicy(redrivePolicy);
    if (!this.queueByArn(policy.deadLetterTargetArn)) {
      throw invalidParameterValue(`Value ${redrivePolicy} for parameter RedrivePolicy is invalid. Reason: Dead-letter target does not exist.`);
    }
  }
  getQueueUrl(input: Input): Output {
    const name = text(input.QueueName);
    if (!name) throw missingParameter('QueueName');
    if (!this.queues.has(name)) throw queueDoesNotExist();
    return { QueueUrl: this.queueUrl(name) };
  }
  listQueues(input: Input): Output {
    const prefix = text(input.QueueNamePrefix) ?? '';
    const maxResults = integerParameter('MaxResults', input.MaxResults, 1, 1000);
    const names = [...this.queues.keys()].filter((name) => name.startsWith(prefix)).sort();
    const start = input.NextToken ? Number(Buffer.from(String(input.NextToken), 'base64').toString('utf8')) || 0 : 0;
    const page = names.slice(start, maxResults === undefined ? undefined : start + maxResults);
    const output: Output = {};
    if (page.length > 0) output.QueueUrls = page.map((name) => this.queueUrl(name));
    if (maxResults !== undefined && start + maxResults < names.length) output.NextToken = Buffer.from(String(start + maxResults)).toString('base64');
    return output;
  }
  deleteQueue(input: Input): Output {
    const queue = this.queueOf(input);
    this.queues.delete(queue.identity.name);
    this.journal.queueDeleted(queue.identity.name);
    queue.changed();
    return {};
  }
  getQueueAttributes(input: Input): Output {
    const queue = this.queueOf(input);
    const requested = list(input.AttributeNames);
    const all = this.describeAttributes(queue);
    if (requested.includes('All')) return { Attributes: all };
    const attributes: Record<string, string> = {};
    for (const name of requested) {
      const value = all[name];
      if (value !== undefined) attributes[name] = value;
      else if (!isKnownAttribute(name)) throw invalidAttributeName(name);
    }
    return Object.keys(attributes).length > 0 ? { Attributes: attributes } : {};
  }
  private describeAttributes(queue: Queue): Record<string, string> {
    const counts = queue.counts(this.now());
    const computed: Record<(typeof COMPUTED_ATTRIBUTES)[number], string> = {
      QueueArn: queue.identity.arn,
      ApproximateNumberOfMessages: String(counts.visible),
      ApproximateNumberOfMessagesNotVisible: String(counts.inFlight),
      ApproximateNumberOfMessagesDelayed: String(counts.delayed),
      CreatedTimestamp: String(Math.floor(queue.createdTimestamp / 1000)),
      LastModifiedTimestamp: String(Math.floor(queue.lastModifiedTimestamp / 1000)),
    };
    return { ...computed, ...queue.attributes };
  }
  setQueueAttributes(input: Input): Output {
    const queue = this.queueOf(input);
    const attributes = Object.fromEntries(Object.entries(record(input.Attributes)).map(([key, value]) => [key, attributeText(value)]));
    for (const name of Object.keys(attributes)) {
      if (CREATE_ONLY.has(name)) throw invalidAttributeName(name);
    }
    validateAttributes(attributes, queue.fifo);
    this.checkRedriveTarget(attributes.RedrivePolicy);
    for (const [name, value] of Object.entries(attributes)) {
      // An empty RedrivePolicy removes it.
      if (name === 'RedrivePolicy' && value === '') delete queue.attributes.RedrivePolicy;
      else queue.attributes[name] = value;
    }
    queue.lastModifiedTimestamp = this.now();
    this.journal.queueSaved(savedQueue(queue));
    // A shorter delay or a changed policy may make messages receivable.
    queue.changed();
    return {};
  }
}

const NO_QUEUE_JOURNAL: QueueJournal = { ...NO_JOURNAL, queueSaved: () => undefined, queueDeleted: () => undefined };

function savedQueue(queue: Queue): SavedQueue {
  return {
    name: queue.identity.name,
    attributes: { ...queue.attributes },
    tags: { ...queue.tags },
    createdTimestamp: queue.createdTimestamp,
    lastModifiedTimestamp: queue.lastModifiedTimestamp,
  };
}

function isKnownAttribute(name: string): boolean {
  try {
    validateAttributes({ [name]: '' }, true);
    return true;
  } catch (error) {
    return (error as AwsError).code !== 'InvalidAttributeName';
  }
}
