/**
 * One HTTP call with ky, its failures turned into errors that name the call and nothing
 * secret. ky's own errors carry the Request, whose headers hold the bearer token, so they are
 * never rethrown or attached as a cause: only their kind and a code cross into our messages.
 */
import { TimeoutError, type KyInstance, type Options } from 'ky';

export interface CallDescription {
  /** Names the call in messages, e.g. `Signon sandbox: create token for user 7 / app 1`. */
  what: string;
  timeoutMs: number;
}

/** Sends the request; network failures, timeouts and aborts become plain (retryable) Errors. */
export async function send(
  client: KyInstance,
  path: string,
  options: Options,
  call: CallDescription,
): Promise<Response> {
  try {
    return await client(path, { ...options, throwHttpErrors: false });
  } catch (error) {
    if (error instanceof TimeoutError) throw new Error(`${call.what}: no answer within ${call.timeoutMs} ms`);
    if (error instanceof Error && error.name === 'AbortError') throw new Error(`${call.what}: aborted`);
    throw new Error(`${call.what}: request failed (${networkCode(error)})`);
  }
}

/** undici reports the socket-level reason (ECONNREFUSED, UND_ERR_SOCKET...) as the cause's code. */
function networkCode(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error && 'code' in cause && typeof cause.code === 'string') return cause.code;
  return error instanceof Error ? error.name : 'unknown error';
}

/** The `message` (or `error`) field of a JSON error body, when there is one. */
export async function errorDetail(response: Response): Promise<string> {
  const body: unknown = await response.json().catch(() => null);
  if (body !== null && typeof body === 'object') {
    const fields = body as Record<string, unknown>;
    for (const key of ['message', 'error_description', 'error']) {
      const value = fields[key];
      if (typeof value === 'string') return value;
    }
  }
  return response.statusText;
}
