/**
 * The Powertools singletons every handler shares. They live at module scope so that a warm Lambda
 * environment reuses them across invocations, as Powertools recommends
 * (https://docs.powertools.aws.dev/lambda/typescript/latest/core/logger/#getting-started).
 * Service name and metrics namespace come from POWERTOOLS_SERVICE_NAME / POWERTOOLS_METRICS_NAMESPACE,
 * which serverless.yml sets for every function, so nothing here is wired twice.
 */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';

/** Structured JSON logs with the Lambda context (request id, cold start) injected by the middy middleware. */
export const logger = new Logger();

/** The logger as the libraries' `log` dependencies take it: a message and its fields, at three levels. */
export const log = {
  info: (message: string, fields: Record<string, unknown> = {}) => logger.info(message, fields),
  warn: (message: string, fields: Record<string, unknown> = {}) => logger.warn(message, fields),
  error: (message: string, fields: Record<string, unknown> = {}) => logger.error(message, fields),
};

/** X-Ray segments; Powertools disables itself outside a Lambda execution environment, so tests need no daemon. */
export const tracer = new Tracer();

/** CloudWatch metrics in Embedded Metric Format: written to stdout, so they need no IAM permission. */
export const metrics = new Metrics();

export interface InstrumentedOptions {
  /**
   * Whether Powertools may log the incoming event (POWERTOOLS_LOGGER_LOG_EVENT). Handlers whose event carries secrets
   * (a signed link, a CSRF token, a cookie) pass false, which wins over the environment variable.
   */
  readonly logEvent?: boolean;
}

/**
 * The one middy chain every handler uses: the Lambda context in each log line (keys reset per invocation, so one
 * order's id never leaks into the next), an X-Ray segment, and metrics flushed at the end. Written once here because
 * the eight handlers repeated it; a handler adds its own middleware (idempotency) with `.use()` on the result.
 *
 * middy's early-timeout guard stays on (its default, 5 ms before the deadline): it ends the invocation with a named
 * `TimeoutError` while the onError middlewares can still run (Powertools idempotency then deletes its in-progress
 * record, so a retry need not wait for it to expire). That name therefore reaches Step Functions like any other
 * error, and lib/orders/step-errors.ts lists what each step does with it.
 * https://middy.js.org/docs/intro/early-interrupt
 */
export function instrumented<TEvent, TResult>(handler: (event: TEvent, context: Context) => Promise<TResult>, options: InstrumentedOptions = {}) {
  return middy<TEvent, TResult>(handler)
    .use(injectLambdaContext(logger, { resetKeys: true, ...(options.logEvent === false ? { logEvent: false } : {}) }))
    .use(captureLambdaHandler(tracer))
    .use(logMetrics(metrics));
}
