import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { waitFor } from '@digital-post/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bornThirtyYearsAgo,
  clientToken,
  enroll,
  exempt,
  letterTo,
  operatorToken,
  reachabilityIs,
  reportToRegisters,
} from './actors.ts';
import { send, statusReaches, viewer } from './flows.ts';
import { call } from './http.ts';
import { startSystem, type Deployment, type RunningSystem } from './system.ts';

const deployments: Deployment[] = ['embedded', 'scale'];

const ME = '/v1/me/enrollment';
const NOTICE_DETAILS = '/v1/me/notice-details';

/** What the print provider was given for a recipient: letters and welcome letters. */
const printedFor = async (system: RunningSystem, cpr: string) => {
  const files = (await readdir(system.printDir).catch(() => [])).filter((f) => f.endsWith('.json'));
  const orders = await Promise.all(
    files.map(async (file) => JSON.parse(await readFile(join(system.printDir, file), 'utf8'))),
  );
  return orders.filter((order: { recipient: { id: string } }) => order.recipient.id === cpr) as {
    messageId: string;
  }[];
};

const welcomeLettersFor = async (system: RunningSystem, cpr: string) =>
  (await printedFor(system, cpr)).filter((order) => order.messageId.startsWith('welcome-'));

describe.each(deployments)('enrollment end to end (%s)', (deployment) => {
  let system: RunningSystem;
  beforeAll(async () => {
    system = await startSystem(deployment);
  }, 120_000);
  afterAll(async () => {
    await system?.close();
  });

  // Ida is born in the register feed, enrolled, confirms her details, and is exempted later.
  const ida = '1212901234';

  it('enrolls a citizen from the register, and confirming notice details changes none of it', async () => {
    await enroll(system, 'cpr', ida);
    const eboks = await viewer(system, ida, 'e-boks');
    const enrolled = await eboks.get(ME);
    expect(enrolled.status).toBe(200);
    expect(enrolled.body).toMatchObject({
      mailboxId: `cpr:${ida}`,
      channel: 'digital',
      reason: 'enrolled',
      enrolled: true,
      exempt: false,
    });
    expect(enrolled.body.history).toEqual([
      expect.objectContaining({
        change: 'enrolled',
        trigger: 'register_event',
        firstEnrollment: true,
        caseReference: null,
      }),
    ]);
    // The first enrollment, and only it, sends the physical welcome letter.
    await waitFor(async () => (await welcomeLettersFor(system, ida)).length === 1, {
      message: 'the welcome letter',
    });

    // The August 2023 sequence: change, confirm, change again, confirm again.
    const app = await viewer(system, ida, 'digital-post-app');
    const steps = [
      () => eboks.put(NOTICE_DETAILS, { phone: '+4512345678', email: 'ida@example.dk' }),
      () => eboks.post(`${NOTICE_DETAILS}/confirmation`, {}, { detailsVersion: 1 }),
      () => app.put(NOTICE_DETAILS, { phone: null, email: 'ida@example.dk' }),
      () => app.post(`${NOTICE_DETAILS}/confirmation`, {}, { detailsVersion: 2 }),
    ];
    for (const step of steps) expect((await step()).status).toBe(200);
    expect((await app.get(NOTICE_DETAILS)).body).toMatchObject({
      detailsVersion: 2,
      channels: ['email'],
      confirmedAt: expect.any(String),
    });

    expect((await app.get(ME)).body).toEqual(enrolled.body);
    expect(await reachabilityIs(system, 'cpr', ida, 'digital')).toMatchObject({
      reason: 'enrolled',
    });
    expect(await welcomeLettersFor(system, ida)).toHaveLength(1);
  });

  it('sends paper post once an operator has exempted the citizen', async () => {
    expect(await exempt(system, 'cpr', ida)).toMatchObject({ channel: 'paper', reason: 'exempt' });
    const mine = (await (await viewer(system, ida, 'mit-dk')).get(ME)).body;
    expect(mine).toMatchObject({ channel: 'paper', reason: 'exempt', exempt: true });
    expect(mine.history.map((entry: { change: string }) => entry.change)).toEqual([
      'enrolled',
      'exempted',
      'unenrolled',
    ]);
    expect(mine.history.slice(1)).toEqual([
      expect.objectContaining({ trigger: 'operator_command', caseReference: 'E2E-2' }),
      expect.objectContaining({ trigger: 'operator_command', caseReference: 'E2E-2' }),
    ]);

    const letter = letterTo({ kind: 'cpr', id: ida });
    expect((await send(system, letter)).status).toBe(201);
    await statusReaches(system, letter.messageUUID, 'printed');
    const printed = await printedFor(system, ida);
    expect(printed.filter((order) => order.messageId === letter.messageUUID)).toHaveLength(1);
    expect(await welcomeLettersFor(system, ida)).toHaveLength(1);
  });

  it('does not enroll a resident of Greenland, who gets paper post', async () => {
    const inGreenland = '1303901234';
    const inDenmark = '1403901234';
    // One batch: once the citizen of Denmark is enrolled, the feed has read the whole of it.
    await reportToRegisters(system, [
      bornThirtyYearsAgo(inGreenland, 'GL'),
      bornThirtyYearsAgo(inDenmark),
    ]);
    await reachabilityIs(system, 'cpr', inDenmark, 'digital');
    expect(await reachabilityIs(system, 'cpr', inGreenland, 'paper')).toMatchObject({
      reason: 'not_enrolled',
    });
    const mine = await (await viewer(system, inGreenland, 'borger-dk')).get(ME);
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual({
      mailboxId: `cpr:${inGreenland}`,
      channel: 'paper',
      reason: 'not_enrolled',
      enrolled: false,
      exempt: false,
      history: [],
    });

    const letter = letterTo({ kind: 'cpr', id: inGreenland });
    expect((await send(system, letter)).status).toBe(201);
    const status = await statusReaches(system, letter.messageUUID, 'printed');
    expect(status.history.some((e: { status: string }) => e.status === 'delivered')).toBe(false);
    expect(await welcomeLettersFor(system, inGreenland)).toHaveLength(0);
  });

  it('shows a user their enrollment only with their own token', async () => {
    const noUser = await call(system.gateway, 'GET', ME, {
      clientToken: await clientToken(system, 'e-boks'),
    });
    expect(noUser.status).toBe(401);
    const strangers = await viewer(system, '1503901234', 'e-boks');
    expect((await strangers.get(`${ME}?mailboxId=cpr:${ida}`)).status).toBe(400);
    expect((await strangers.get(ME)).body).toMatchObject({
      mailboxId: 'cpr:1503901234',
      history: [],
    });
  });

  it("finds nobody in the operator's audit of a consistent system", async () => {
    const audit = await call(system.operations, 'GET', '/admin/enrollment/audit', {
      token: await operatorToken(system),
    });
    expect(audit.status).toBe(200);
    expect(audit.body.differences).toEqual([]);
    expect(audit.body.summary).toMatchObject({ differing: 0, companies: 0 });
    // Ida (exempt), the two of the Greenland batch: every citizen the registers reported.
    expect(audit.body.summary.citizens).toBe(3);
  });
});
