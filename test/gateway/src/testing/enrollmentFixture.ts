import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createEnrollmentService,
  createFileRegisterFeed,
  writeRegisterBatch,
  type EnrollmentService,
  type RegisterEvent,
} from '@digital-post/enrollment';
import type { MailboxFixture } from '@digital-post/mailbox/testing';
import { createLocalFilePrintChannel } from '@digital-post/print';

export interface EnrollmentFixture {
  /** The real enrollment service, on the mailbox fixture's store, database and bus. */
  service: EnrollmentService;
  /** What the service reported through `onError`. */
  errors: unknown[];
  /** The registers deliver a batch to the feed, and the service applies it as its poller would. */
  report(events: RegisterEvent[]): ReturnType<EnrollmentService['drainRegisterFeed']>;
  close(): Promise<void>;
}

/**
 * The enrollment service as the platform builds it beside the mailbox (one store, one database),
 * reading a register feed directory of its own. Not started: a test applies the feed itself, so
 * nothing runs on a timer.
 */
export const openEnrollmentFixture = async (
  mailbox: Pick<MailboxFixture, 'store' | 'db' | 'bus' | 'content'>,
): Promise<EnrollmentFixture> => {
  const feedDirectory = await mkdtemp(join(tmpdir(), 'dp-gateway-registers-'));
  const printDirectory = await mkdtemp(join(tmpdir(), 'dp-gateway-print-'));
  const errors: unknown[] = [];
  const service = createEnrollmentService({
    ...mailbox,
    printChannel: createLocalFilePrintChannel(printDirectory),
    registerFeed: createFileRegisterFeed(feedDirectory),
    onError: (error) => void errors.push(error),
  });
  let batches = 0;
  return {
    service,
    errors,
    report: async (events) => {
      batches += 1;
      await writeRegisterBatch(feedDirectory, `batch-${String(batches).padStart(5, '0')}`, events);
      return service.drainRegisterFeed();
    },
    close: async () => {
      await service.stop();
      for (const directory of [feedDirectory, printDirectory]) {
        await rm(directory, { recursive: true, force: true });
      }
    },
  };
};
