/**
 * Durable mode's object store (`<state dir>/s3/`): each bucket a directory, each object one file.
 *
 * - `buckets/<name>/bucket.json`: the bucket (name, region, creation date). A bucket exists when this file does.
 * - `buckets/<name>/objects/<sha-256 of the key>`: one object, its description as one JSON line, then its bytes. Keys
 *   may be 1,024 bytes of anything, so they are named by their digest; the key itself is in the description.
 *
 * An object is written whole to a temporary file and renamed over its name, so a reader (or the next runtime after a
 * kill -9) sees the old object or the new one, never half of either. A temporary file a crash left behind is removed
 * at start; a file whose length disagrees with its description is reported, naming it, and not loaded. Objects are
 * not fsynced (a put of many megabytes would wait on the disk): what the runtime wrote survives its process being
 * killed, as the operating system keeps it; a power cut may lose the last puts, each whole or not at all.
 *
 * Listings are served from an index of descriptions kept in memory (read at start from each file's first line), so a
 * listing reads no body; GET reads the object's file.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Checksum } from './checksums';
import { InMemoryObjectStore, type BucketRecord, type ObjectStore, type ObjectSummary, type StoredObject } from './object-store';

/** An object's first line: everything but the body, plus the body's length (to tell a whole file from a cut one). */
interface ObjectDescription {
  readonly key: string;
  readonly size: number;
  readonly etag: string;
  readonly lastModified: string;
  readonly contentType: string;
  readonly metadata: Readonly<Record<string, string>>;
  readonly representation: Readonly<Record<string, string>>;
  readonly checksum?: Checksum;
  readonly partCount?: number;
}

interface StoredBucket {
  readonly name: string;
  readonly region: string;
  readonly creationDate: string;
}

const TEMPORARY = '.tmp-';

export class DiskObjectStore implements ObjectStore {
  /** The index: what a listing needs, kept in memory. Bodies stay on disk. */
  private readonly index = new InMemoryObjectStore();
  private readonly descriptions = new Map<string, Map<string, ObjectDescription>>();

  private constructor(
    private readonly root: string,
    private readonly log: (line: string) => void,
  ) {}

  /** Opens `<root>` (creating it), removing what crashes left half-written and indexing every object. */
  static async open(root: string, log: (line: string) => void): Promise<DiskObjectStore> {
    const store = new DiskObjectStore(root, log);
    await mkdir(path.join(root, 'buckets'), { recursive: true });
    await store.load();
    return store;
  }

  async createBucket(bucket: BucketRecord): Promise<boolean> {
    if (await this.index.bucket(bucket.name)) return false;
    await this.index.createBucket(bucket);
    this.descriptions.set(bucket.name, new Map());
    await mkdir(this.objectsDir(bucket.name), { recursive: true });
    const stored: StoredBucket = { name: bucket.name, region: bucket.region, creationDate: bucket.creationDate.toISOString() };
    await writeWhole(path.join(this.bucketDir(bucket.name), 'bucket.json'), Buffer.from(JSON.stringify(stored)));
    return true;
  }

  bucket(name: string): Promise<BucketRecord | undefined> {
    return this.index.bucket(name);
  }

  buckets(): Promise<BucketRecord[]> {
    return this.index.buckets();
  }

  async deleteBucket(name: string): Promise<void> {
    await this.index.deleteBucket(name);
    this.descriptions.delete(name);
    // Renamed away first, so that a crash while removing leaves no half bucket under its name.
    const doomed = path.join(this.root, 'buckets', `${TEMPORARY}${randomUUID()}`);
    await rename(this.bucketDir(name), doomed).catch(() => undefined);
    await rm(doomed, { recursive: true, force: true });
  }

  objectCount(bucket: string): Promise<number> {
    return this.index.objectCount(bucket);
  }

  async putObject(bucket: string, object: StoredObject): Promise<void> {
    const { body, lastModified, ...rest } = object;
    const description: ObjectDescription = { ...rest, size: body.length, lastModified: lastModified.toISOString() };
    await writeWhole(this.objectFile(bucket, object.key), Buffer.concat([Buffer.from(`${JSON.stringify(description)}\n`), body]));
    // The index keeps a description only (an empty body stands in): bodies are read from disk.
    await this.index.putObject(bucket, { ...object, body: Buffer.alloc(0) });
    this.descriptions.get(bucket)?.set(object.key, description);
  }

  async getObject(bucket: string, key: string): Promise<StoredObject | undefined> {
    const description = this.descriptions.get(bucket)?.get(key);
    if (!description) return undefined;
    const bytes = await readFile(this.objectFile(bucket, key)).catch(() => undefined);
    if (!bytes) return undefined;
    const parsed = parseObjectFile(bytes);
    // A put that landed between the lookup and the read is the newer object: serve what the file holds.
    return parsed?.description.key === key ? objectOf(parsed.description, parsed.body) : undefined;
  }

  async deleteObject(bucket: string, key: string): Promise<boolean> {
    if (!(await this.index.deleteObject(bucket, key))) return false;
    this.descriptions.get(bucket)?.delete(key);
    await unlink(this.objectFile(bucket, key)).catch(() => undefined);
    return true;
  }

  async *objectsAfter(bucket: string, after: string | undefined): AsyncIterable<ObjectSummary> {
    const descriptions = this.descriptions.get(bucket);
    for await (const summary of this.index.objectsAfter(bucket, after)) {
      const description = descriptions?.get(summary.key);
      if (description) yield { ...summary, size: description.size };
    }
  }

  /** Forgets the index (the runtime closes); the files stay for the next start. */
  async clear(): Promise<void> {
    await this.index.clear();
    this.descriptions.clear();
  }

  private bucketDir(bucket: string): string {
    return path.join(this.root, 'buckets', bucket);
  }

  private objectsDir(bucket: string): string {
    return path.join(this.bucketDir(bucket), 'objects');
  }

  private objectFile(bucket: string, key: string): string {
    return path.join(this.objectsDir(bucket), createHash('sha256').update(key).digest('hex'));
  }

  private async load(): Promise<void> {
    for (const entry of await readdir(path.join(this.root, 'buckets'), { withFileTypes: true })) {
      if (entry.name.startsWith(TEMPORARY)) {
        await rm(path.join(this.root, 'buckets', entry.name), { recursive: true, force: true });
        continue;
      }
      if (!entry.isDirectory()) continue;
      const record = await readFile(path.join(this.bucketDir(entry.name), 'bucket.json'), 'utf8').then((text) => JSON.parse(text) as StoredBucket, () => undefined);
      if (!record) {
        this.log(`Durable state: ${this.bucketDir(entry.name)} has no readable bucket.json; the bucket is not loaded. Remove the directory to start without it.`);
        continue;
      }
      await this.index.createBucket({ name: record.name, region: record.region, creationDate: new Date(record.creationDate) });
      const descriptions = new Map<string, ObjectDescription>();
      this.descriptions.set(record.name, descriptions);
      const objects = this.objectsDir(record.name);
      await mkdir(objects, { recursive: true });
      for (const file of await readdir(objects)) {
        const full = path.join(objects, file);
        if (file.startsWith(TEMPORARY)) {
          // A put a crash cut short: it was never answered, and the object it would have replaced is intact.
          await unlink(full);
          continue;
        }
        const description = await readDescription(full);
        if (!description) {
          this.log(`Durable state: ${full} is not a whole object (its length disagrees with its description); it is not loaded. Remove the file to silence this.`);
          continue;
        }
        descriptions.set(description.key, description);
        await this.index.putObject(record.name, objectOf(description, Buffer.alloc(0)));
      }
    }
  }
}

/** Writes a file whole: to a temporary name beside it, then renamed over it. */
async function writeWhole(file: string, bytes: Buffer): Promise<void> {
  const temporary = path.join(path.dirname(file), `${TEMPORARY}${randomUUID()}`);
  await writeFile(temporary, bytes);
  await rename(temporary, file);
}

/** An object file's description, read from its first line, if the file is as long as the description says. */
async function readDescription(file: string): Promise<ObjectDescription | undefined> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    // Descriptions are small (a key is at most 1 KiB, user metadata 2 KiB); 64 KiB holds any.
    const head = Buffer.alloc(Math.min(size, 65_536));
    await handle.read(head, 0, head.length, 0);
    const end = head.indexOf(0x0a);
    if (end < 0) return undefined;
    const description = parseDescription(head.subarray(0, end));
    return description && description.size === size - end - 1 ? description : undefined;
  } finally {
    await handle.close();
  }
}

function parseObjectFile(bytes: Buffer): { description: ObjectDescription; body: Buffer } | undefined {
  const end = bytes.indexOf(0x0a);
  if (end < 0) return undefined;
  const description = parseDescription(bytes.subarray(0, end));
  const body = bytes.subarray(end + 1);
  return description && description.size === body.length ? { description, body } : undefined;
}

function parseDescription(line: Buffer): ObjectDescription | undefined {
  try {
    const value = JSON.parse(line.toString('utf8')) as ObjectDescription;
    return typeof value.key === 'string' && typeof value.size === 'number' ? value : undefined;
  } catch {
    return undefined;
  }
}

function objectOf(description: ObjectDescription, body: Buffer): StoredObject {
  const { size: _size, lastModified, ...rest } = description;
  return { ...rest, body, lastModified: new Date(lastModified) };
}

