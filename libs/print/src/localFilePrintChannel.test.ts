import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalFilePrintChannel, fileNameOf } from './localFilePrintChannel.ts';
import type { PrintOrder } from './printChannel.ts';

const order = (messageId: string): PrintOrder => ({
  messageId,
  recipient: { kind: 'cpr', id: '0101901234' },
  senderId: 'authority:skat',
  documents: [
    { documentId: 'd1', contentSha256: 'a'.repeat(64), mimeType: 'application/pdf', sizeBytes: 10 },
  ],
  notBefore: null,
});

describe('the local file print channel', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'dp-print-'));
  });
  afterEach(() => rm(directory, { recursive: true, force: true }));

  it('writes one file per letter with what would be printed', async () => {
    const channel = createLocalFilePrintChannel(directory, () => new Date('2024-03-01T10:00:00Z'));
    const receipt = await channel.print(order('m-1'));
    expect(receipt).toEqual({ printJobId: 'm-1', printedAt: '2024-03-01T10:00:00.000Z' });
    const written = JSON.parse(await readFile(join(directory, 'm-1.json'), 'utf8'));
    expect(written).toMatchObject({ messageId: 'm-1', recipient: { kind: 'cpr' } });
    expect(written.documents[0].contentSha256).toBe('a'.repeat(64));
  });

  it('prints a letter once however often it is ordered, also at the same time', async () => {
    let tick = 0;
    const channel = createLocalFilePrintChannel(
      directory,
      () => new Date(Date.UTC(2024, 0, 1, 0, 0, tick++)),
    );
    const receipts = await Promise.all([1, 2, 3, 4].map(() => channel.print(order('m-2'))));
    const again = await channel.print(order('m-2'));
    expect(new Set([...receipts, again].map((r) => r.printedAt)).size).toBe(1);
    expect(await readdir(directory)).toEqual(['m-2.json']);
  });

  it('names a letter whose id is not a safe file name by its digest', () => {
    expect(fileNameOf('../../etc/passwd')).toMatch(/^[0-9a-f]{64}\.json$/);
    expect(fileNameOf('0f8fad5b-d9cb-469f-a165-70867728950e')).toBe(
      '0f8fad5b-d9cb-469f-a165-70867728950e.json',
    );
  });
});
