/**
 * The streams more than one service names: where a letter's acceptance is written (by the sender
 * API for an authority's letter, by the mailbox for a citizen's), which routing consumes; and
 * where a citizen's or company's enrollment decisions are, which routing folds. A service's
 * other streams are its own and named inside it.
 */
export const messageStreamOf = (messageId: string): string => `message-${messageId}`;

/** The enrollment decisions of one citizen or company (by CPR or CVR number). */
export const enrollmentStreamOf = (subject: { id: string }): string => `enrollment-${subject.id}`;
