/**
 * The streams more than one service names: where a letter's acceptance is written, which routing
 * consumes; and where a citizen's or company's enrollment decisions are, which routing folds.
 * Each category has one writer. A service's other streams are its own and named inside it.
 */

/** An authority's letter, accepted by the sender API (before this release, citizens' too). */
export const messageStreamOf = (messageId: string): string => `message-${messageId}`;

/** A letter written from a mailbox (a citizen's or a company's, to an authority), by the mailbox. */
export const writtenLetterStreamOf = (messageId: string): string => `written-${messageId}`;

/** The enrollment decisions of one citizen or company (by CPR or CVR number). */
export const enrollmentStreamOf = (subject: { id: string }): string => `enrollment-${subject.id}`;
