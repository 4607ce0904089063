import { describe, expect, it } from '@jest/globals';
import { decideAlert } from '../../src/webhook/decide-alert.js';

const labels = {
  alertname: 'SignonApiUserTokenExpirySoon',
  environment: 'integration',
  api_user: 'whitehall@alphagov.co.uk',
  application: 'asset-manager',
};

describe('decideAlert', () => {
  it('turns a firing expiry alert into the rotation input', () => {
    expect(decideAlert({ status: 'firing', labels })).toEqual({
      kind: 'rotate',
      input: { environment: 'integration', apiUser: 'whitehall@alphagov.co.uk', application: 'asset-manager', trigger: 'alertmanager' },
    });
  });

  it('ignores a resolved alert before looking at its labels', () => {
    expect(decideAlert({ status: 'resolved', labels: {} })).toEqual(expect.objectContaining({ kind: 'ignored', code: 'resolved' }));
  });

  it('names every missing label when even the alertname is missing', () => {
    expect(decideAlert({ status: 'firing', labels: { environment: 'production' } })).toEqual({
      kind: 'rejected',
      code: 'missing-label',
      reason: 'missing labels: alertname, api_user, application',
    });
  });

  it('ignores another alert without judging it on this alert\'s labels', () => {
    expect(decideAlert({ status: 'firing', labels: { alertname: 'SignonDown' } })).toEqual(
      expect.objectContaining({ kind: 'ignored', code: 'unknown-alertname' }),
    );
  });

  it('hands Trade Tariff tokens to a person, whether named by application or by API user', () => {
    for (const trade of [{ application: 'trade-tariff-backend' }, { api_user: 'trade-tariff-admin@example.gov.uk' }]) {
      expect(decideAlert({ status: 'firing', labels: { ...labels, ...trade } })).toEqual(
        expect.objectContaining({ kind: 'ignored', code: 'triage-hand-to-person', reason: expect.stringMatching(/^for a person: /) }),
      );
    }
  });
});
