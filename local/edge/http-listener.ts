/**
 * One port for both HTTP versions the AWS SDK v3 speaks. Most clients send HTTP/1.1, but some default to HTTP/2:
 * `@aws-sdk/client-bedrock-runtime` does (its streaming calls need it), and against an `http://` endpoint it opens
 * cleartext HTTP/2 with prior knowledge (h2c), which an HTTP/1.1 server cannot parse. Each new connection's first
 * bytes decide: the HTTP/2 connection preface starts with `PRI * HTTP/2.0`, and no HTTP/1.1 request starts with
 * `PRI`. Both servers hand their requests to the same handler through the HTTP/1 request and response API (HTTP/2's
 * compatibility API mirrors it), so services never see which version a client spoke.
 */
import { createServer as createHttp1Server, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttp2Server, type Http2ServerRequest } from 'node:http2';
import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import { Duplex } from 'node:stream';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** The start of the HTTP/2 connection preface (RFC 9113 §3.4). */
const HTTP2_PREFACE_START = Buffer.from('PRI ');

export interface HttpListener {
  readonly server: Server;
  /** Stops listening and drops every open connection, idle keep-alive and HTTP/2 sessions included. */
  close(): Promise<void>;
}

export function createHttpListener(handler: RequestHandler): HttpListener {
  const http1 = createHttp1Server(handler);
  // Keep-alive sockets from SDK clients must not hold `close()` open.
  http1.keepAliveTimeout = 5_000;
  const http2 = createHttp2Server((req, res) => handler(asHttp1Request(req), res as unknown as ServerResponse));
  const sockets = new Set<Socket>();

  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.once('data', (first: Buffer) => {
      socket.pause();
      if (first.subarray(0, HTTP2_PREFACE_START.length).equals(HTTP2_PREFACE_START)) {
        http2.emit('connection', replaying(first, socket));
      } else {
        socket.unshift(first);
        http1.emit('connection', socket);
      }
      socket.resume();
    });
  });

  return {
    server,
    close: () =>
      new Promise<void>((done, fail) => {
        server.close((error) => (error ? fail(error) : done()));
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/**
 * The socket as a stream that first yields the bytes already read from it. HTTP/1's parser reads a socket's unshifted
 * bytes, but HTTP/2 reads a net socket's native handle directly and would miss them; given any other stream, it reads
 * through the stream.
 */
function replaying(first: Buffer, socket: Socket): Duplex {
  const stream = new Duplex({
    read: () => socket.resume(),
    write: (chunk: Buffer, _encoding, done) => socket.write(chunk, done),
    final: (done) => socket.end(done),
    destroy: (error, done) => {
      socket.destroy(error ?? undefined);
      done(error);
    },
  });
  stream.push(first);
  socket.on('data', (chunk: Buffer) => {
    if (!stream.push(chunk)) socket.pause();
  });
  socket.once('end', () => stream.push(null));
  socket.once('close', () => stream.destroy());
  socket.on('error', (error) => stream.destroy(error));
  return stream;
}

/**
 * HTTP/2 carries the host as the `:authority` pseudo-header; services that route by Host (S3's virtual-hosted
 * buckets) read `host`, as an HTTP/1.1 request has it.
 */
function asHttp1Request(req: Http2ServerRequest): IncomingMessage {
  if (req.headers.host === undefined && typeof req.headers[':authority'] === 'string') req.headers.host = req.headers[':authority'];
  return req as unknown as IncomingMessage;
}
