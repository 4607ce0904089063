import type { IncomingMessage, ServerResponse } from 'node:http';
import { failureStatus, type Status } from './objects.js';

export function sendJson(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendStatus(res: ServerResponse, status: Status): void {
  sendJson(res, status.code, status);
}

export const UNAUTHORIZED = failureStatus(401, 'Unauthorized', 'Unauthorized');

/** The apiserver authenticates every request before routing it. */
export function isAuthorized(req: IncomingMessage, bearerToken: string): boolean {
  return req.headers.authorization === `Bearer ${bearerToken}`;
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
