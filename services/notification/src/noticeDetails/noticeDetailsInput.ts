import { parsedOrProblem, problem } from '@digital-post/service-kit';
import {
  parseMailboxId,
  noticeDetailsConfirmationSchema,
  noticeDetailsInputSchema,
  type NoticeChannel,
  type NoticeDetailsInput,
} from '@digital-post/contracts';

export const channelsOf = (details: NoticeDetailsInput): NoticeChannel[] => [
  ...(details.phone === null ? [] : (['sms'] as const)),
  ...(details.email === null ? [] : (['email'] as const)),
];

/**
 * The API object checks its input itself too: it is called by more than the gateway. A bad
 * value is the caller's fault, so it is a 400 problem, never an internal error.
 */
export const parseNoticeDetailsInput = (input: unknown): NoticeDetailsInput =>
  parsedOrProblem(noticeDetailsInputSchema, input, 'Invalid details for notices.');

export const assertNoticeMailboxId = (mailboxId: string): void => {
  // Notices go to the owner of a citizen's mailbox, or to a company's or an authority's
  // addresses, which its administrators register.
  if (!parseMailboxId(mailboxId)) {
    throw problem.badRequest('Details for notices belong to a mailbox (cpr:, cvr: or authority:).');
  }
};

export const assertDetailsVersion = (detailsVersion: number): void => {
  if (!noticeDetailsConfirmationSchema.safeParse({ detailsVersion }).success) {
    throw problem.validation(
      [{ location: 'body', pointer: '/detailsVersion', message: 'not a details version' }],
      'Invalid confirmation.',
    );
  }
};
