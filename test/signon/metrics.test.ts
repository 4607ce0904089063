import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { startSignonSimulator, TOKEN_EXPIRY_GAUGE, type SignonSimulator } from '../../src/sandbox/signon/index.js';
import { DAY_MS, manualClock } from './fixture-clock.js';

describe('GET /metrics: the token expiry gauge the alert is built on', () => {
  let clock: ReturnType<typeof manualClock>;
  let signon: SignonSimulator;

  beforeEach(async () => {
    clock = manualClock();
    signon = await startSignonSimulator({ clock: clock.now });
  });
  afterEach(async () => {
    await signon.close();
  });

  /** Every series of the gauge, keyed `api_user|application`. */
  async function scrape(): Promise<Map<string, number>> {
    const response = await fetch(`${signon.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const series = new Map<string, number>();
    const line = new RegExp(`^${TOKEN_EXPIRY_GAUGE}\\{api_user="([^"]+)",application="([^"]+)"\\} (\\d+)$`, 'gm');
    for (const match of (await response.text()).matchAll(line)) series.set(`${match[1]}|${match[2]}`, Number(match[3]));
    return series;
  }

  const inDays = (days: number) => Math.floor((clock.now() + days * DAY_MS) / 1000);

  it('exports one series per user and parameterized application with the expiry in unix seconds', async () => {
    const series = await scrape();
    expect(series.get('short-url-manager@alphagov.co.uk|publishing-api')).toBe(inDays(10));
    expect(series.get('customs-guidance-publisher@hmrc.gov.uk|publishing-api')).toBe(inDays(6));
    expect(series.get('signon+permissions@alphagov.co.uk|content-publisher')).toBe(inDays(12));
    expect(series.get('trade-tariff-admin@trade-tariff.service.gov.uk|trade-tariff-backend')).toBe(inDays(8));
    expect(series.get('email-alert-frontend@alphagov.co.uk|email-alert-api')).toBe(inDays(450));
  });

  it('exports the newest of two live tokens for one user and application', async () => {
    expect((await scrape()).get('whitehall@alphagov.co.uk|publishing-api')).toBe(inDays(700));
  });

  it('leaves out the suspended user, whose token was revoked', async () => {
    expect([...(await scrape()).keys()].some((key) => key.startsWith('calendars-legacy@'))).toBe(false);
  });

  it('drops a revoked token at once and follows a new one', async () => {
    const user = signon.store.findUserByEmail('short-url-manager@alphagov.co.uk')!;
    const app = signon.store.findApplication('Publishing API')!;
    const [old] = signon.store.listTokens(user.id, app.id);
    const created = signon.store.createToken(user.id, app.id);
    const twoYearsOn = (clock.now() + 63_113_904_000) / 1000;
    expect((await scrape()).get('short-url-manager@alphagov.co.uk|publishing-api')).toBe(twoYearsOn);

    signon.store.revokeToken(created.id);
    expect((await scrape()).get('short-url-manager@alphagov.co.uk|publishing-api')).toBe(inDays(10));

    signon.store.revokeToken(old!.id);
    expect((await scrape()).has('short-url-manager@alphagov.co.uk|publishing-api')).toBe(false);
  });

  it('drops a token once it has expired', async () => {
    clock.advance(7 * DAY_MS);
    const series = await scrape();
    expect(series.has('customs-guidance-publisher@hmrc.gov.uk|publishing-api')).toBe(false);
    expect(series.has('short-url-manager@alphagov.co.uk|publishing-api')).toBe(true);
  });
});
