import { randomUUID } from 'node:crypto';
import { authorityToken, call } from './client.ts';
import type { RunningSystem } from './system.ts';

// A few bytes of PDF: the figures are about the flow of letters, not about moving files.
const PDF = Buffer.from('%PDF-1.4 annual tax statement').toString('base64');

/** A small letter from an authority with one main document, as a sender hands it in. */
export const letterFrom = (
  authorityId: string,
  recipient: { kind: 'cpr' | 'cvr'; id: string },
  legalNotification = false,
) => ({
  messageUUID: randomUUID(),
  sender: { authorityId },
  recipient,
  title: 'Your annual tax statement',
  legalNotification,
  documents: [
    {
      role: 'main',
      title: 'Annual statement',
      files: [{ name: 'statement.pdf', mimeType: 'application/pdf', content: PDF }],
    },
  ],
});

export const letterTo = (cpr: string) => letterFrom('skat', { kind: 'cpr', id: cpr });

type Letter = ReturnType<typeof letterTo>;

interface BatchAnswer {
  accepted: number;
  refused: number;
}

/**
 * Hands in the letters as batches, one after another as fast as they are answered, and returns
 * each letter's submit time: when its batch request was sent.
 */
export const submitBatches = async (
  system: RunningSystem,
  batches: Letter[][],
): Promise<Map<string, number>> => {
  const token = await authorityToken(system);
  const submitted = new Map<string, number>();
  for (const messages of batches) {
    const at = performance.now();
    for (const letter of messages) submitted.set(letter.messageUUID, at);
    const answer = await call<BatchAnswer>(system.senderApi, 'POST', '/v1/messages/batch', {
      token,
      body: { messages },
    });
    if (answer.accepted !== messages.length) {
      throw new Error(`batch refused ${answer.refused} of ${messages.length} letters`);
    }
  }
  return submitted;
};

/** `count` letters spread evenly over the recipients, cut into batches of `size`. */
export const batchesFor = (cprs: string[], count: number, size: number): Letter[][] => {
  const letters = Array.from({ length: count }, (_, i) => letterTo(cprs[i % cprs.length]!));
  return Array.from({ length: Math.ceil(count / size) }, (_, b) =>
    letters.slice(b * size, (b + 1) * size),
  );
};
