import { connect, type ClientHttp2Session } from 'node:http2';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startEdgeServer, type EdgeServer } from '../../../local/edge/server';
import type { EmulatedService } from '../../../local/platform/service';

/** Echoes what a service sees of the request, whichever HTTP version the client spoke. */
const echo: EmulatedService = {
  name: 'echo',
  routes: [{ match: { path: '/echo' }, handle: (req: IncomingMessage, res: ServerResponse) => respondWithRequest(req, res) }],
  start: async () => undefined,
  close: async () => undefined,
};

async function respondWithRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ method: req.method, url: req.url, host: req.headers.host, body: Buffer.concat(chunks).toString('utf8') }));
}

function http2Request(session: ClientHttp2Session, path: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = session.request({ ':method': 'POST', ':path': path, 'content-type': 'text/plain' });
    let status = 0;
    let text = '';
    request.on('response', (headers) => (status = Number(headers[':status'])));
    request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    request.on('end', () => resolve({ status, body: text }));
    request.on('error', reject);
    request.end(body);
  });
}

describe('the edge speaks HTTP/1.1 and cleartext HTTP/2 on one port', () => {
  let edge: EdgeServer;

  beforeAll(async () => {
    edge = await startEdgeServer({ port: 0, services: [echo] });
  });

  afterAll(async () => {
    await edge.close();
  });

  it('serves an HTTP/2 client with prior knowledge (as @aws-sdk/client-bedrock-runtime connects), Host taken from :authority', async () => {
    // Prepare
    const session = connect(edge.url);

    // Act
    const answers = await Promise.all([http2Request(session, '/echo?a=1', 'first'), http2Request(session, '/echo', 'x'.repeat(100_000))]);
    session.close();

    // Assess
    expect(answers[0]).toEqual({ status: 200, body: JSON.stringify({ method: 'POST', url: '/echo?a=1', host: new URL(edge.url).host, body: 'first' }) });
    expect(JSON.parse(answers[1]?.body ?? '{}')).toMatchObject({ body: 'x'.repeat(100_000) });
  });

  it('still serves HTTP/1.1 on the same port', async () => {
    // Act
    const response = await fetch(`${edge.url}/echo`, { method: 'POST', body: 'plain' });

    // Assess
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ method: 'POST', url: '/echo', body: 'plain' });
  });

  it('closes while an HTTP/2 session is still open', async () => {
    // Prepare
    const other = await startEdgeServer({ port: 0, services: [echo] });
    const session = connect(other.url);
    session.on('error', () => undefined);
    await http2Request(session, '/echo', 'open');

    // Act
    await other.close();

    // Assess
    await new Promise((resolve) => (session.closed ? resolve(undefined) : session.once('close', resolve)));
    expect(session.closed).toBe(true);
  });
});
