import { rateLimits } from '../../server/db/schema.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BOB } from '../support/people.ts';
import { registerVerified } from '../support/make-admin.ts';
import { createTestPortal, type TestPortal } from '../support/test-portal.ts';

/**
 * Behind a load balancer every connection comes from the balancer: the sign-in limit must count
 * per visitor (the address the balancer appended to X-Forwarded-For), and what a visitor writes
 * into that header itself must not buy it a fresh counter.
 */

let portal: TestPortal | undefined;
afterEach(async () => portal?.close());
// The sign-in limit counts in fixed 15-minute windows: start well inside one.
beforeEach(async () => {
  const left = 15 * 60_000 - (Date.now() % (15 * 60_000));
  if (left < 10_000) await new Promise((resolve) => setTimeout(resolve, left + 200));
}, 15_000);

const LIMIT = 2;
const WRONG = { identifier: BOB.email, password: 'not the password at all' };

async function signInStatuses(forwardedFor: string | undefined, times: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let attempt = 0; attempt < times; attempt++) {
    const headers: Record<string, string> = forwardedFor ? { 'X-Forwarded-For': forwardedFor } : {};
    statuses.push((await (portal as TestPortal).client().request('/api/auth/sign-in', { json: WRONG, headers })).status);
  }
  return statuses;
}

describe('rate limits behind trusted proxies', () => {
  it('with one load balancer, counts each visitor on its own, whatever it prepends to the header', async () => {
    portal = await createTestPortal({ trustedProxyHops: 1, limits: { signIn: LIMIT, register: 100, reset: 100 } });
    await registerVerified(portal, BOB);
    expect(await signInStatuses('203.0.113.7', LIMIT + 1)).toEqual([401, 401, 429]);
    // The same visitor writing a new address of its own: the balancer's entry (the last) still names it.
    expect(await signInStatuses('198.51.100.99, 203.0.113.7', 1)).toEqual([429]);
    // Another visitor behind the same balancer is not locked out.
    expect(await signInStatuses('203.0.113.8', 1)).toEqual([401]);
  });

  it('behind a CDN and a load balancer (two hops), the CDN-appended address is the visitor', async () => {
    portal = await createTestPortal({ trustedProxyHops: 2, limits: { signIn: LIMIT, register: 100, reset: 100 } });
    await registerVerified(portal, BOB);
    expect(await signInStatuses('203.0.113.7, 192.0.2.10', LIMIT + 1)).toEqual([401, 401, 429]);
    expect(await signInStatuses('203.0.113.8, 192.0.2.10', 1)).toEqual([401]);
  });

  it('trusts no header by default: every request counts against the connection it came on', async () => {
    portal = await createTestPortal({ limits: { signIn: LIMIT, register: 100, reset: 100 } });
    await registerVerified(portal, BOB);
    // Following the verification link with the password counted as a sign-in attempt: start from zero.
    await portal.handle.db.delete(rateLimits);
    expect([...(await signInStatuses('203.0.113.7', LIMIT)), ...(await signInStatuses('203.0.113.8', 1))]).toEqual([401, 401, 429]);
  });
});
