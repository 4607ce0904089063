/** Starts the real codec server on 127.0.0.1 (port 0) with a known key, token and UI origin, and captures its log. */
import { Writable } from 'node:stream';
import { defaultPayloadConverter } from '@temporalio/common';
import { AesGcmPayloadCodec } from '../../src/codec/aes-gcm-codec.js';
import { parseCodecKeys } from '../../src/codec/keys.js';
import { startCodecServer } from '../../src/codec-server/server.js';
import { toWire } from '../../src/codec-server/wire.js';
import { createLogger } from '../../src/log.js';

/** Lower case only, so the logger's token-shape masking would not hide a leak. */
export const CODEC_SERVER_TOKEN = 'codec-server-token-lowercase-only';
export const UI_ORIGIN = 'http://127.0.0.1:8233';
export const codec = new AesGcmPayloadCodec(parseCodecKeys(`ui-test:${'3c'.repeat(32)}`, 'test'));

export interface CodecServerHarness {
  url: string;
  logs(): string;
  close(): Promise<void>;
}

export async function startCodecHarness(): Promise<CodecServerHarness> {
  let logText = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logText += chunk.toString('utf8');
      callback();
    },
  });
  const server = await startCodecServer({ port: 0, codec, authToken: CODEC_SERVER_TOKEN, allowedOrigin: UI_ORIGIN, logger: createLogger('codec-test', sink) });
  return { url: server.url, logs: () => logText, close: () => server.close() };
}

/** An encrypted payload in the wire form the UI sends to /decode. */
export async function encryptedWirePayload(value: unknown): Promise<ReturnType<typeof toWire>> {
  const [encoded] = await codec.encode([defaultPayloadConverter.toPayload(value)]);
  return toWire(encoded!);
}
