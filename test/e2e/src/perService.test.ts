import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enroll, letterTo } from './actors.ts';
import { send, statusReaches, viewer } from './flows.ts';
import { startProcessPerService } from './perService.ts';
import type { RunningSystem } from './system.ts';

describe('one process per service, as the containers run at scale', () => {
  let system: RunningSystem;
  beforeAll(async () => {
    system = await startProcessPerService();
  }, 180_000);
  afterAll(async () => {
    await system?.close();
  }, 60_000);

  it('delivers a letter across the processes and reports its first open to the sender', async () => {
    const cpr = '0808808901';
    await enroll(system, 'cpr', cpr);
    const letter = letterTo({ kind: 'cpr', id: cpr }, { legalNotification: true });
    expect((await send(system, letter)).status).toBe(201);
    await statusReaches(system, letter.messageUUID, 'delivered');
    const app = await viewer(system, cpr, 'digital-post-app');
    const opened = await app.get(`/v1/mailboxes/${app.mailbox}/messages/${letter.messageUUID}`);
    expect(opened.status).toBe(200);
    await statusReaches(system, letter.messageUUID, 'served');
  });
});
