import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RecordedEvent } from '@digital-post/event-store';
import { createLocalFilePrintChannel, type PrintChannel } from '@digital-post/print';
import { waitFor } from '@digital-post/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineNames } from '../testing/engines.ts';
import { startEnrollmentHarness, type EnrollmentHarness } from '../testing/enrollmentHarness.ts';
import { born, moved, newCpr } from '../testing/registerEvents.ts';
import { WELCOME_LETTER_SENDER, welcomeLetterStreamOf } from './welcomeLetters.ts';

interface PrintedLetter {
  messageId: string;
  recipient: { kind: string; id: string };
  senderId: string;
  documents: { contentSha256: string }[];
}

describe.each(engineNames)('the welcome letter on %s', (engineName) => {
  let h: EnrollmentHarness;
  beforeAll(async () => {
    h = await startEnrollmentHarness(engineName);
  });
  afterAll(() => h?.close());

  /** The letters in the print directory, by recipient. */
  const letters = async (): Promise<Map<string, PrintedLetter[]>> => {
    const byRecipient = new Map<string, PrintedLetter[]>();
    for (const file of await readdir(h.printDirectory)) {
      if (!file.endsWith('.json')) continue;
      const letter = JSON.parse(await readFile(join(h.printDirectory, file), 'utf8'));
      const id = (letter as PrintedLetter).recipient.id;
      byRecipient.set(id, [...(byRecipient.get(id) ?? []), letter as PrintedLetter]);
    }
    return byRecipient;
  };
  const printedRecords = async (cpr: string): Promise<RecordedEvent[]> =>
    h.engine.store.readStream(welcomeLetterStreamOf(cpr));
  const applied = async (...events: Parameters<typeof h.writeBatch>[0][]) => {
    for (const batch of events) await h.writeBatch(batch);
    await h.service.drainRegisterFeed();
  };
  /** Letters go out in log order: once a later person's is printed, earlier ones were handled. */
  const letterPrintedFor = (cpr: string) =>
    waitFor(async () => (await printedRecords(cpr)).length === 1, {
      message: `the welcome letter of ${cpr}`,
    });

  it('goes out once, on the first enrollment, and not again on re-enrollment or restart', async () => {
    const [first, marker, afterRestart] = [newCpr(), newCpr(), newCpr()];
    await h.service.start();
    await applied([born(first, '1990-01-01')]);
    await letterPrintedFor(first);
    const [enrolled] = await h.enrollmentStream(first);
    const [record] = await printedRecords(first);
    expect(record!.data).toMatchObject({
      mailboxId: `cpr:${first}`,
      enrollmentEventId: enrolled!.id,
      printChannel: 'local-file',
    });
    const [letter] = (await letters()).get(first)!;
    expect(letter).toMatchObject({
      messageId: `welcome-${enrolled!.id}`,
      recipient: { kind: 'cpr', id: first },
      senderId: WELCOME_LETTER_SENDER,
    });
    expect(letter!.documents[0]!.contentSha256).toMatch(/^[0-9a-f]{64}$/);

    // Unenrolled by moving to Greenland, enrolled again on moving back: no second letter.
    await applied([moved(first, 'GL', '2026-10-01')], [moved(first, 'DK', '2026-11-15')]);
    const changes = (await h.enrollmentStream(first)).map((event) => [event.type, event.data]);
    expect(changes.filter(([type]) => type !== 'WelcomeLetterPrinted')).toMatchObject([
      ['CitizenEnrolled', { firstEnrollment: true }],
      ['CitizenUnenrolled', { reason: 'moved_to_greenland' }],
      ['CitizenEnrolled', { firstEnrollment: false, cause: 'moved_to_denmark' }],
    ]);
    await applied([born(marker, '1991-01-01')]);
    await letterPrintedFor(marker);
    expect((await letters()).get(first)).toHaveLength(1);

    // A restart reads on from its checkpoint: nothing is printed twice.
    await h.service.stop();
    const restarted = h.serviceWith({});
    await restarted.start();
    await applied([born(afterRestart, '1992-01-01')]);
    await letterPrintedFor(afterRestart);
    await restarted.stop();
    const printed = await letters();
    expect([first, marker, afterRestart].map((cpr) => printed.get(cpr)?.length)).toEqual([1, 1, 1]);
    for (const cpr of [first, marker, afterRestart]) {
      expect(await printedRecords(cpr)).toHaveLength(1);
    }
    expect(h.errors).toEqual([]);
  });

  it('is printed once when the service fails after printing and gets the event again', async () => {
    const cpr = newCpr();
    const files = createLocalFilePrintChannel(h.printDirectory);
    let orders = 0;
    const failingOnce: PrintChannel = {
      name: files.name,
      print: async (order) => {
        const receipt = await files.print(order);
        if ((orders += 1) === 1) throw new Error('crashed after printing');
        return receipt;
      },
    };
    const service = h.serviceWith({ printChannel: failingOnce });
    await service.start();
    await applied([born(cpr, '1993-01-01')]);
    await letterPrintedFor(cpr);
    await service.stop();
    expect(orders).toBe(2);
    expect((await letters()).get(cpr)).toHaveLength(1);
    expect(h.errors).toMatchObject([{ message: 'crashed after printing' }]);
  });
});
