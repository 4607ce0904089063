import { describe, expect, it } from '@jest/globals';
import { createBearerCheck } from '../../src/webhook/auth.js';

describe('createBearerCheck', () => {
  const check = createBearerCheck('s3cret-token');

  it('accepts the configured token under the Bearer scheme, in any case', () => {
    expect(check('Bearer s3cret-token')).toBe(true);
    expect(check('bearer s3cret-token')).toBe(true);
  });

  it('refuses a missing header, another scheme, and any other token', () => {
    expect(check(undefined)).toBe(false);
    expect(check('Basic s3cret-token')).toBe(false);
    expect(check('Bearer s3cret-token2')).toBe(false);
    expect(check('Bearer ')).toBe(false);
  });

  it('refuses to start with a token no Authorization header could carry', () => {
    expect(() => createBearerCheck('')).toThrow('must not be empty');
    expect(() => createBearerCheck('two words')).toThrow('must not contain whitespace');
  });
});
