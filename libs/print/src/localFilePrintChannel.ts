import { createHash, randomUUID } from 'node:crypto';
import { link, mkdir, open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { PrintChannel, PrintOrder, PrintReceipt } from './printChannel.ts';

interface PrintedLetter extends PrintOrder {
  printJobId: string;
  printedAt: string;
}

/**
 * Writes one JSON file per printed letter into `directory`: what would be printed. Never loses
 * and never doubles: the file is named by the message id, written in full and synced under a
 * temporary name, then hard-linked into place, which fails if a file of that name exists. A
 * crash leaves at most a stray temporary file, never a half letter; a second order of the same
 * letter finds the first file and returns its receipt.
 */
export const createLocalFilePrintChannel = (
  directory: string,
  now: () => Date = () => new Date(),
): PrintChannel => ({
  name: 'local-file',
  print: async (order) => {
    await mkdir(directory, { recursive: true });
    const target = join(directory, fileNameOf(order.messageId));
    const existing = await readReceipt(target);
    if (existing) return existing;
    const letter: PrintedLetter = {
      ...order,
      printJobId: order.messageId,
      printedAt: now().toISOString(),
    };
    const created = await writeOnce(target, JSON.stringify(letter, null, 2));
    return created ? receiptOf(letter) : ((await readReceipt(target)) ?? receiptOf(letter));
  },
});

/** Message ids come from senders: one that is not a safe file name is named by its digest. */
export const fileNameOf = (messageId: string): string =>
  /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(messageId)
    ? `${messageId}.json`
    : `${createHash('sha256').update(messageId).digest('hex')}.json`;

const receiptOf = ({ printJobId, printedAt }: PrintedLetter): PrintReceipt => ({
  printJobId,
  printedAt,
});

const readReceipt = async (path: string): Promise<PrintReceipt | undefined> => {
  try {
    return receiptOf(JSON.parse(await readFile(path, 'utf8')) as PrintedLetter);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
};

/** Returns false when another writer put the file in place first. */
const writeOnce = async (target: string, text: string): Promise<boolean> => {
  const temporary = `${target}.${randomUUID()}.tmp`;
  const file = await open(temporary, 'wx');
  try {
    await file.writeFile(text, 'utf8');
    await file.sync();
  } finally {
    await file.close();
  }
  try {
    await link(temporary, target);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temporary);
  }
};
