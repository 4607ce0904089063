/**
 * The codec server's wire format, as the Temporal Web UI and `temporal` CLI send it: payloads
 * in proto JSON form, metadata values and data as base64 strings.
 */
import type { Payload } from '@temporalio/common';
import { z } from 'zod';

/** The UI sends one batch per page of history; a bound keeps one request from exhausting memory. */
export const MAX_PAYLOADS_PER_REQUEST = 10_000;

const wirePayloadSchema = z.object({
  metadata: z.record(z.string(), z.base64()).nullish(),
  data: z.base64().nullish(),
});

export const codecRequestSchema = z.object({ payloads: z.array(wirePayloadSchema).max(MAX_PAYLOADS_PER_REQUEST) });

export type WirePayload = z.infer<typeof wirePayloadSchema>;

export function fromWire(payload: WirePayload): Payload {
  return {
    metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([name, value]) => [name, Buffer.from(value, 'base64')])),
    data: Buffer.from(payload.data ?? '', 'base64'),
  };
}

export function toWire(payload: Payload): { metadata: Record<string, string>; data: string } {
  return {
    metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([name, value]) => [name, Buffer.from(value).toString('base64')])),
    data: Buffer.from(payload.data ?? new Uint8Array()).toString('base64'),
  };
}
