import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startPlatform, type Platform } from './platform.ts';
import { testConfig } from './testConfig.testSupport.ts';

/** A citizen at a viewing client, with the development issuer's tokens. */
const headersOf = async (platform: Platform, cpr: string) => {
  const token = async (principal: object) =>
    (
      await platform.apps.operations.inject({
        method: 'POST',
        url: '/dev/tokens',
        payload: principal,
      })
    ).json().token as string;
  return {
    authorization: `Bearer ${await token({ kind: 'citizen', cpr })}`,
    'x-client-token': await token({ kind: 'viewing-client', clientId: 'e-boks' }),
  };
};

describe('the enrollment service’s side of the gateway', () => {
  let dir: string;
  let platform: Platform;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dp-platform-gateway-'));
  });
  afterEach(async () => {
    await platform.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('shows a user their enrollment and notice details where enrollment never ran yet', async () => {
    // The gateway's process alone, as its container at scale: enrollment runs elsewhere, later.
    platform = await startPlatform(testConfig(dir, { DIGITAL_POST_SERVICES: 'mailbox' }));
    const gateway = platform.apps.gateway!;
    const headers = await headersOf(platform, '0101901234');

    const mine = await gateway.inject({ url: '/v1/me/enrollment', headers });
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toEqual({
      mailboxId: 'cpr:0101901234',
      channel: 'paper',
      reason: 'not_enrolled',
      enrolled: false,
      exempt: false,
      history: [],
    });

    const details = await gateway.inject({
      method: 'PUT',
      url: '/v1/me/notice-details',
      headers,
      payload: { phone: '+4512345678', email: null },
    });
    expect(details.statusCode).toBe(200);
    expect(details.json()).toMatchObject({ detailsVersion: 1, channels: ['sms'] });
  });
});
