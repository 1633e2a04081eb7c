import { parseMailboxId } from '@digital-post/contracts';

export interface NoticeWords {
  reason: 'new_post' | 'reminder';
  senderIds: readonly string[];
}

/** Authorities by their id; a letter from a person or company is "a sender". */
const namesOf = (senderIds: readonly string[]): string => {
  const names = senderIds.map((id) => {
    const parsed = parseMailboxId(id);
    return parsed?.kind === 'authority' ? parsed.id : 'en afsender';
  });
  return [...new Set(names)].join(', ') || 'en afsender';
};

/**
 * The words of a notice, in Danish as the product's users read them. A notice says there is new
 * post, from whom, and where to read it: never the letter, its title or its files.
 */
export const noticeWords = (
  { reason, senderIds }: NoticeWords,
  readAt: string,
): { subject: string; text: string } =>
  reason === 'reminder'
    ? {
        subject: 'Påmindelse: ulæst post i Digital Post',
        text: `Du har ulæst post fra ${namesOf(senderIds)} i Digital Post. Læs den på ${readAt}.`,
      }
    : {
        subject: 'Ny post i Digital Post',
        text: `Du har fået ny post fra ${namesOf(senderIds)} i Digital Post. Læs den på ${readAt}.`,
      };
