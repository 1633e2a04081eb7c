/** One notice's stream: its queueing, then its sending, failure or cancellation. */
export const noticeStreamOf = (noticeId: string): string => `notification-${noticeId}`;
