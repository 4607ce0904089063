/**
 * Turns client-node failures into short errors that are safe to log and to carry in Temporal
 * history: what was being done, to which object, and the HTTP status and reason. client-node's
 * own messages embed the response body and headers, so none of their text is passed on.
 */
import { STATUS_CODES } from 'node:http';
import { ApiException } from '@kubernetes/client-node';
import { PermanentFailure } from '../../domain/errors.js';

/** 4xx answers that say "try again later" rather than "this request is wrong". */
const RETRYABLE_CLIENT_ERRORS: ReadonlySet<number> = new Set([408, 410, 429]);

/** The HTTP status of a failed call, when the server answered at all. */
export function httpStatusOf(error: unknown): number | undefined {
  if (error instanceof ApiException) return error.code;
  // Watch reports a non-200 answer as a plain Error carrying statusCode.
  if (error instanceof Error && 'statusCode' in error && typeof error.statusCode === 'number') return error.statusCode;
  return undefined;
}

/** The Status reason (`NotFound`, `Forbidden`...) from an error body, if it has a well-formed one. */
function statusReason(error: unknown): string | undefined {
  if (!(error instanceof ApiException) || typeof error.body !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(error.body);
    const reason = typeof parsed === 'object' && parsed !== null && 'reason' in parsed ? parsed.reason : undefined;
    return typeof reason === 'string' && /^[A-Za-z]+$/.test(reason) ? reason : undefined;
  } catch {
    return undefined;
  }
}

/** An error for a failed HTTP status: permanent for 4xx that retrying cannot fix. */
export function statusFailure(action: string, status: number, reason?: string): Error {
  const message = `${action}: HTTP ${status} ${reason ?? STATUS_CODES[status] ?? 'Error'}`;
  const permanent = status >= 400 && status < 500 && !RETRYABLE_CLIENT_ERRORS.has(status);
  return permanent ? new PermanentFailure(message) : new Error(message);
}

/**
 * `action` names the operation and the object, e.g. `read CronJob apps/signon-sync-...`.
 * Timeouts and network failures stay plain (retryable) Errors.
 */
export function describeFailure(error: unknown, action: string): Error {
  if (error instanceof PermanentFailure) return error;
  const status = httpStatusOf(error);
  if (status !== undefined) return statusFailure(action, status, statusReason(error));
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) {
    return new Error(`${action}: no answer before the request timed out`);
  }
  const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
  if (code && /^[A-Z_]+$/.test(code)) return new Error(`${action}: network error ${code}`);
  return new Error(`${action}: ${error instanceof Error ? error.name : 'unknown error'}`);
}
