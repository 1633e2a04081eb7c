import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeRegisterBatch } from '@digital-post/enrollment';
import { waitFor } from '@digital-post/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startPlatform, type Platform } from './platform.ts';
import { testConfig } from './testing/testConfig.ts';

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
    authorization: `Bearer ${await token({ kind: 'citizen', cpr, clientId: 'e-boks' })}`,
    'x-client-token': await token({ kind: 'viewing-client', clientId: 'e-boks' }),
  };
};

describe('the gateway in a process of its own', () => {
  let dir: string;
  let services: Platform;
  let platform: Platform;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dp-platform-gateway-'));
  });
  afterEach(async () => {
    await platform?.close();
    await services?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("serves the mailbox and the user's enrollment and notice details through their ports", async () => {
    // As its container at scale: the gateway alone, with no database of the others; the mailbox,
    // enrollment and access control run in another process, on another database, reached only by their ports.
    const shared = {
      DIGITAL_POST_SERVICE_KEY_FILE: join(dir, 'service-key.json'),
      DIGITAL_POST_DEV_IDP_KEY_FILE: join(dir, 'idp-key.json'),
    };
    services = await startPlatform(
      testConfig(join(dir, 'services'), {
        ...shared,
        DIGITAL_POST_SERVICES: 'mailbox,enrollment,access-control,notification',
        DIGITAL_POST_REGISTER_POLL_MS: '50',
      }),
    );
    const url = await services.apps.internal!.listen({ host: '127.0.0.1', port: 0 });
    platform = await startPlatform(
      testConfig(join(dir, 'gateway'), {
        ...shared,
        DIGITAL_POST_SERVICES: 'gateway',
        DIGITAL_POST_MAILBOX_URL: url,
        DIGITAL_POST_ENROLLMENT_URL: url,
        DIGITAL_POST_ACCESS_URL: url,
        DIGITAL_POST_NOTIFICATION_URL: url,
      }),
    );
    const gateway = platform.apps.gateway!;
    expect((await gateway.inject('/ready')).statusCode).toBe(200);
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

    const folders = await gateway.inject({ url: '/v1/mailboxes/cpr:0101901234/folders', headers });
    expect(folders.statusCode).toBe(200);
    const someoneElses = await gateway.inject({
      url: '/v1/mailboxes/cpr:0202802345/folders',
      headers,
    });
    expect(someoneElses.statusCode).toBe(404);

    // Access for others, through the access-control service's port; it asks enrollment's
    // population whether the holder is a person, and no register has reported him yet.
    const grant = () =>
      gateway.inject({
        method: 'POST',
        url: '/v1/mailboxes/cpr:0101901234/access',
        headers,
        payload: { holderCpr: '0202802345', access: 'read' },
      });
    const unknown = await grant();
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().type).toMatch(/unknown-person$/);
    await writeRegisterBatch(join(dir, 'services', 'registers'), 'b1', [
      {
        id: 'r1',
        register: 'population',
        type: 'born',
        cpr: '0202802345',
        birthDate: '1980-02-02',
      },
    ]);
    await waitFor(async () => (await grant()).statusCode === 201, {
      message: 'the holder known from the register',
    });
    const holders = await headersOf(platform, '0202802345');
    const theirs = await gateway.inject({ url: '/v1/me/mailboxes', headers: holders });
    expect(theirs.json().mailboxes).toEqual([
      { mailboxId: 'cpr:0202802345', kind: 'cpr', right: 'owner', endsAt: null },
      { mailboxId: 'cpr:0101901234', kind: 'cpr', right: 'read', endsAt: null },
    ]);
    const read = await gateway.inject({
      url: '/v1/mailboxes/cpr:0101901234/folders',
      headers: holders,
    });
    expect(read.statusCode).toBe(200);
  });
});
