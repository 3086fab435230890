/**
 * The response metadata the optimized integrations of query-protocol services (SQS, SNS) return beside the
 * service's output, as Step Functions' Java SDK reports it: `SdkHttpMetadata` (the response's headers and status)
 * and `SdkResponseMetadata` (the request id). An SDK v3 command is sent with a middleware that keeps the headers.
 * https://docs.aws.amazon.com/step-functions/latest/dg/connect-sns.html
 */
import { toPlainJson } from './aws-sdk';
import type { SdkClient } from './sdk-clients';

/** Response headers as the Java SDK names them in SdkHttpMetadata. */
const HEADER_NAMES: Readonly<Record<string, string>> = {
  'x-amzn-requestid': 'x-amzn-RequestId',
  'content-length': 'Content-Length',
  'content-type': 'Content-Type',
  date: 'Date',
  connection: 'connection',
};

interface MiddlewareCommand {
  middlewareStack?: {
    add(middleware: (next: (args: unknown) => Promise<{ response: unknown }>) => (args: unknown) => Promise<{ response: unknown }>, options: { step: string; name: string }): void;
  };
}

/** Sends the command and answers its output (metadata removed) with the Java SDK's metadata members added. */
export async function sendWithJavaSdkMetadata(client: SdkClient, command: unknown, signal: AbortSignal): Promise<Record<string, unknown>> {
  let headers: Record<string, string> = {};
  (command as MiddlewareCommand).middlewareStack?.add(
    (next) => async (args) => {
      const result = await next(args);
      headers = (result.response as { headers?: Record<string, string> } | undefined)?.headers ?? {};
      return result;
    },
    { step: 'deserialize', name: 'captureResponseHeaders' },
  );
  const output = await client.send(command, { abortSignal: signal });
  const plain = toPlainJson(output) as Record<string, unknown>;
  const metadata = plain.$metadata as { requestId?: string; httpStatusCode?: number } | undefined;
  delete plain.$metadata;
  return { ...plain, SdkHttpMetadata: httpMetadata(headers, metadata?.httpStatusCode ?? 200), SdkResponseMetadata: { RequestId: metadata?.requestId ?? headers['x-amzn-requestid'] } };
}

function httpMetadata(headers: Readonly<Record<string, string>>, statusCode: number): Record<string, unknown> {
  const named = Object.entries(headers).flatMap(([name, value]) => (HEADER_NAMES[name.toLowerCase()] ? [[HEADER_NAMES[name.toLowerCase()], value] as const] : []));
  return {
    AllHttpHeaders: Object.fromEntries(named.map(([name, value]) => [name, [value]])),
    HttpHeaders: Object.fromEntries(named),
    HttpStatusCode: statusCode,
  };
}
