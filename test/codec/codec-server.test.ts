/** The codec server over real HTTP: the UI's origin and people with the token decode; nobody else does. */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { CODEC_SERVER_TOKEN, encryptedWirePayload, startCodecHarness, UI_ORIGIN, type CodecServerHarness } from '../support/codec-server-harness.js';

interface WireBody {
  payloads: { metadata: Record<string, string>; data: string }[];
}

describe('codec server', () => {
  let server: CodecServerHarness;
  const secretValue = { apiUser: 'short-url-manager@alphagov.co.uk' };
  let body: string;

  beforeAll(async () => {
    server = await startCodecHarness();
    body = JSON.stringify({ payloads: [await encryptedWirePayload(secretValue)] });
  });
  afterAll(async () => {
    await server.close();
  });

  const post = (route: string, headers: Record<string, string>, content = body) =>
    fetch(`${server.url}${route}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: content });
  const decodedValue = async (response: Response) => {
    const [payload] = ((await response.json()) as WireBody).payloads;
    return JSON.parse(Buffer.from(payload!.data, 'base64').toString('utf8')) as unknown;
  };

  test('decodes for the UI origin with the bearer token, and says so in CORS headers', async () => {
    const response = await post('/decode', { origin: UI_ORIGIN, authorization: `Bearer ${CODEC_SERVER_TOKEN}` });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    expect(await decodedValue(response)).toEqual(secretValue);
  });

  test('refuses a request without auth with 401 and decodes nothing', async () => {
    const response = await post('/decode', { origin: UI_ORIGIN });
    expect(response.status).toBe(401);
    expect(JSON.stringify(await response.json())).not.toContain('short-url-manager');
  });

  test('refuses a request from another origin with 403, even with the right token', async () => {
    const response = await post('/decode', { origin: 'http://evil.example', authorization: `Bearer ${CODEC_SERVER_TOKEN}` });
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${server.url}/decode`, { method: 'OPTIONS', headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(403);
  });

  test("answers the UI origin's preflight", async () => {
    const preflight = await fetch(`${server.url}/decode`, {
      method: 'OPTIONS',
      headers: { origin: UI_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-namespace' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-namespace');
  });

  test('a person signs in with the token once; the session cookie then decodes', async () => {
    const wrong = await fetch(`${server.url}/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'token=nope' });
    expect(wrong.status).toBe(401);
    const signIn = await fetch(`${server.url}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: CODEC_SERVER_TOKEN }).toString(),
    });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly; SameSite=Strict/);
    const response = await post('/decode', { origin: UI_ORIGIN, cookie: cookie.split(';')[0]! });
    expect(response.status).toBe(200);
    expect(await decodedValue(response)).toEqual(secretValue);
    expect((await post('/decode', { origin: UI_ORIGIN, cookie: `codec_session=${'0'.repeat(64)}` })).status).toBe(401);
  });

  test('refuses a sign-in posted from another site', async () => {
    const response = await fetch(`${server.url}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://evil.example' },
      body: new URLSearchParams({ token: CODEC_SERVER_TOKEN }).toString(),
    });
    expect(response.status).toBe(403);
  });

  test('encode then decode round-trips', async () => {
    const auth = { authorization: `Bearer ${CODEC_SERVER_TOKEN}` };
    const plain = { payloads: [{ metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from('"hello"').toString('base64') }] };
    const encoded = await post('/encode', auth, JSON.stringify(plain));
    expect(encoded.status).toBe(200);
    const encodedBody = (await encoded.json()) as WireBody;
    expect(Buffer.from(encodedBody.payloads[0]!.data, 'base64').toString()).not.toContain('hello');
    const decoded = await post('/decode', auth, JSON.stringify(encodedBody));
    expect(((await decoded.json()) as WireBody).payloads).toEqual(plain.payloads);
  });

  test('never logs the token', () => {
    expect(server.logs()).not.toContain(CODEC_SERVER_TOKEN);
  });
});
