/**
 * The runtime-only control of the local Bedrock's faults, next to the runtime's other own endpoints
 * (`/_runtime/health`, `/_runtime/inbox`): `GET /_runtime/bedrock/faults` reads the settings in force,
 * `POST` sets them from `{"malformedShare": 0..1, "throttleShare": 0..1, "seed": integer}` (missing members are 0)
 * and `DELETE` switches faults off. No AWS API has such a thing, so no ASL can reach it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, readBody, send } from '../edge/http-io';
import { asAwsError, AwsError } from '../platform/aws-error';
import { sendRestJsonError } from '../platform/protocols/rest-json';
import { parseJsonSafely } from '../platform/safe-json';
import { Faults, NO_FAULTS, validateFaultSettings, type FaultSettings } from './faults';

export const BEDROCK_FAULTS_PATH = '/_runtime/bedrock/faults';

/** `$LOCAL_BEDROCK_FAULTS`, the same JSON as the POST body; absent or empty, no faults. */
export function faultsFromEnvironment(text = process.env.LOCAL_BEDROCK_FAULTS): FaultSettings {
  if (text === undefined || text.trim() === '') return NO_FAULTS;
  const parsed = parseJsonSafely(text);
  try {
    if (!parsed.ok) throw new AwsError('ValidationException', `not JSON (${parsed.reason})`);
    return validateFaultSettings(parsed.value);
  } catch (error) {
    throw new Error(`LOCAL_BEDROCK_FAULTS must be {"malformedShare": 0..1, "throttleShare": 0..1, "seed": integer}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

export async function serveFaultControls(req: IncomingMessage, res: ServerResponse, faults: Faults): Promise<void> {
  try {
    if (req.method === 'GET') {
      req.resume();
    } else if (req.method === 'DELETE') {
      req.resume();
      faults.set(NO_FAULTS);
    } else if (req.method === 'POST' || req.method === 'PUT') {
      let text: string;
      try {
        text = (await readBody(req, 64 * 1024)).toString('utf8');
      } catch (error) {
        if (error instanceof BodyTooLargeError) throw new AwsError('ValidationException', error.message);
        throw error;
      }
      const parsed = parseJsonSafely(text);
      if (!parsed.ok) throw new AwsError('ValidationException', `The body is not JSON: ${parsed.reason}`);
      faults.set(validateFaultSettings(parsed.value));
    } else {
      req.resume();
      throw new AwsError('MethodNotAllowed', `${req.method ?? 'This method'} is not served at ${BEDROCK_FAULTS_PATH}; use GET, POST or DELETE`, 405);
    }
    send(res, 200, JSON.stringify(faults.current), { 'Content-Type': 'application/json' });
  } catch (error) {
    sendRestJsonError(res, asAwsError(error));
  }
}
