/**
 * The Lambda "runtime" inside one worker thread: loads the handler once (the init phase of a cold start), then serves
 * invocations one at a time, as a Lambda execution environment does. Plain CommonJS so that it loads without a
 * TypeScript loader in the thread. It mimics the Node.js runtime interface client: console lines are
 * `<ISO time>\t<request id>\t<LEVEL>\t<message>`, errors are `{errorType, errorMessage, trace}`, import failures are
 * `Runtime.ImportModuleError`, `Runtime.HandlerNotFound` or `Runtime.UserCodeSyntaxError`.
 * https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html
 * https://docs.aws.amazon.com/lambda/latest/dg/nodejs-exceptions.html
 */
'use strict';

const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');
const util = require('node:util');
const { pathToFileURL } = require('node:url');

const { taskRoot, handlerSpec, functionName, functionVersion, memoryLimitInMB, logGroupName, logStreamName, timeoutMs } =
  workerData;

let currentRequestId;
let currentInvocationId;

/** Real time, for the worker's own timing (the invocation deadline), whatever the handler's `Date` says. */
const RealDate = Date;
const realNow = () => RealDate.now();

/**
 * The runtime's clock as the handler's `Date`, when the runtime runs on another clock than the wall clock (a test
 * clock, LOCAL_CLOCK_SPEED): each invocation carries the clock's reading and rate, and `Date.now()` / `new Date()`
 * extrapolate from it. Then a handler comparing "now" with a deadline the execution computed (the approval link's
 * expiry, from `$millis()` in the ASL) agrees with the execution. Dates built from arguments are untouched.
 */
let clockReading;
function followClock(clock) {
  if (!clock) return;
  clockReading = { now: clock.now, at: realNow(), rate: clock.rate };
  if (globalThis.Date !== RealDate) return;
  const clockNow = () => clockReading.now + (realNow() - clockReading.at) * clockReading.rate;
  function RuntimeDate(...args) {
    if (!new.target) return new RealDate(clockNow()).toString();
    return args.length === 0 ? new RealDate(clockNow()) : new RealDate(...args);
  }
  RuntimeDate.prototype = RealDate.prototype;
  RuntimeDate.now = clockNow;
  RuntimeDate.parse = RealDate.parse;
  RuntimeDate.UTC = RealDate.UTC;
  globalThis.Date = RuntimeDate;
}

/** Console output in Lambda's text format, sent to the runtime so that it lands in the log with the function's prefix. */
function installConsole() {
  const emit = (level) =>
    (...args) => {
      const line = `${new Date().toISOString()}\t${currentRequestId ?? 'undefined'}\t${level}\t${util.format(...args)}`;
      parentPort.postMessage({ type: 'log', line });
    };
  console.log = emit('INFO');
  console.info = emit('INFO');
  console.warn = emit('WARN');
  console.error = emit('ERROR');
  console.debug = emit('DEBUG');
  console.trace = emit('TRACE');
}

/** The error object as the Node.js runtime formats it: name, message and the stack split into lines. */
function toErrorPayload(error) {
  if (error instanceof Error || (error && typeof error === 'object' && 'message' in error)) {
    return {
      errorType: error.name || 'Error',
      errorMessage: String(error.message ?? ''),
      trace: typeof error.stack === 'string' ? error.stack.split('\n') : [],
    };
  }
  return { errorType: typeof error, errorMessage: String(error), trace: [] };
}

function runtimeError(errorType, cause) {
  const message = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
  const trace = [`${errorType}: ${message}`, ...(cause instanceof Error && cause.stack ? cause.stack.split('\n').slice(1) : [])];
  return { errorType, errorMessage: message, trace };
}

/** `dir/file.export.nested` → module `dir/file`, export path `export.nested` (the split the Node.js runtime makes). */
function splitHandler(spec) {
  const base = path.basename(spec);
  const dot = base.indexOf('.');
  if (dot <= 0) return undefined;
  return { modulePath: path.join(path.dirname(spec), base.slice(0, dot)), exportPath: base.slice(dot + 1) };
}

async function loadModule(modulePath) {
  const absolute = path.resolve(taskRoot, modulePath);
  for (const ext of ['.js', '.mjs', '.cjs']) {
    const file = absolute + ext;
    if (!fs.existsSync(file)) continue;
    if (ext === '.mjs') return import(pathToFileURL(file).href);
    try {
      return require(file);
    } catch (error) {
      if (error && (error.code === 'ERR_REQUIRE_ESM' || error.code === 'ERR_REQUIRE_ASYNC_MODULE')) {
        return import(pathToFileURL(file).href);
      }
      throw error;
    }
  }
  const notFound = new Error(`Cannot find module '${path.basename(modulePath)}'\nRequire stack:\n- /var/runtime/index.mjs`);
  notFound.code = 'MODULE_NOT_FOUND';
  throw notFound;
}

/** Resolves the handler function, or the runtime error a real Lambda reports for this failure at init. */
async function init() {
  const parts = splitHandler(handlerSpec);
  if (!parts) return { error: runtimeError('Runtime.MalformedHandlerName', `Bad handler ${handlerSpec}`) };
  let mod;
  try {
    mod = await loadModule(parts.modulePath);
  } catch (error) {
    if (error instanceof SyntaxError) return { error: runtimeError('Runtime.UserCodeSyntaxError', error) };
    if (error && (error.code === 'MODULE_NOT_FOUND' || error.code === 'ERR_MODULE_NOT_FOUND')) {
      return { error: runtimeError('Runtime.ImportModuleError', error) };
    }
    // An exception thrown by the module's own top-level code is reported as itself.
    return { error: toErrorPayload(error) };
  }
  let handler = mod;
  for (const key of parts.exportPath.split('.')) handler = handler == null ? undefined : handler[key];
  if (handler === undefined && mod && mod.default && typeof mod.default === 'object') {
    handler = mod.default[parts.exportPath];
  }
  if (handler === undefined) {
    return { error: { errorType: 'Runtime.HandlerNotFound', errorMessage: `${handlerSpec} is undefined or not exported`, trace: [] } };
  }
  if (typeof handler !== 'function') {
    return { error: { errorType: 'Runtime.HandlerNotFound', errorMessage: `${handlerSpec} is not a function`, trace: [] } };
  }
  return { handler };
}

function reply(message) {
  parentPort.postMessage(message);
}

/** A crash outside the handler's promise chain fails the current invocation with that error and ends the sandbox. */
function installCrashHandlers() {
  process.on('uncaughtException', (error) => {
    console.error('Uncaught Exception', JSON.stringify(toErrorPayload(error)));
    reply({ type: 'error', id: currentInvocationId, error: toErrorPayload(error), fatal: true });
  });
  process.on('unhandledRejection', (reason) => {
    const text = reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason);
    const error = {
      errorType: 'Runtime.UnhandledPromiseRejection',
      errorMessage: text,
      trace: [`Runtime.UnhandledPromiseRejection: ${text}`],
    };
    console.error('Unhandled Promise Rejection', JSON.stringify(error));
    reply({ type: 'error', id: currentInvocationId, error, fatal: true });
  });
}

function makeContext(message, settle) {
  const deadline = realNow() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion,
    invokedFunctionArn: message.invokedFunctionArn,
    memoryLimitInMB: String(memoryLimitInMB),
    awsRequestId: message.requestId,
    logGroupName,
    logStreamName,
    identity: undefined,
    clientContext: undefined,
    getRemainingTimeInMillis: () => Math.max(0, deadline - realNow()),
    // The legacy completion methods that older handlers still call.
    succeed: (result) => settle(undefined, result),
    fail: (error) => settle(error ?? new Error('handled')),
    done: (error, result) => settle(error, result),
  };
}

/** Runs one invocation: promise-returning handlers and callback-style handlers (`(event, context, callback)`) both work. */
function invoke(handler, message) {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (error, result) => {
      if (settled) return;
      settled = true;
      resolve({ error, result });
    };
    const context = makeContext(message, settle);
    const callback = (error, result) => settle(error ?? undefined, result);
    try {
      const event = JSON.parse(message.event);
      const returned = handler(event, context, callback);
      if (returned && typeof returned.then === 'function') {
        returned.then((result) => settle(undefined, result), (error) => settle(error ?? new Error('undefined')));
      } else if (handler.length < 3) {
        settle(undefined, returned);
      }
    } catch (error) {
      settle(error);
    }
  });
}

async function main() {
  // Lambda honours NODE_OPTIONS=--enable-source-maps; a worker thread cannot take that flag, so apply it here.
  if ((process.env.NODE_OPTIONS ?? '').includes('--enable-source-maps')) process.setSourceMapsEnabled(true);
  process.env.AWS_LAMBDA_LOG_STREAM_NAME = logStreamName;
  installConsole();
  installCrashHandlers();
  const initialised = init();
  parentPort.on('message', async (message) => {
    if (message.type !== 'invoke') return;
    currentInvocationId = message.id;
    currentRequestId = message.requestId;
    process.env._X_AMZN_TRACE_ID = message.traceId;
    followClock(message.clock);
    const loaded = await initialised;
    if (loaded.error) {
      reply({ type: 'error', id: message.id, error: loaded.error, fatal: true });
      return;
    }
    reply({ type: 'started', id: message.id });
    const { error, result } = await invoke(loaded.handler, message);
    if (error !== undefined) {
      reply({ type: 'error', id: message.id, error: toErrorPayload(error) });
      return;
    }
    let payload;
    try {
      payload = JSON.stringify(result === undefined ? null : result);
    } catch (marshal) {
      reply({
        type: 'error',
        id: message.id,
        error: { errorType: 'Runtime.MarshalError', errorMessage: `Unable to stringify response body: ${marshal.message}`, trace: [] },
      });
      return;
    }
    reply({ type: 'result', id: message.id, payload });
  });
}

main();
