import type { NoticeChannel } from '@digital-post/contracts';

/** How long letters to one mailbox share one notice per channel, unless configured. */
export const DEFAULT_WINDOW_MS = 15 * 60_000;

/** A letter that arrived in a mailbox. */
export interface Arrival {
  messageId: string;
  mailboxId: string;
  senderId: string | null;
  deliveredAt: string;
}

/** The notice letters to a mailbox join on one channel, while its window is open. */
export interface Window {
  noticeId: string;
  openUntil: string;
  /** Not handed to the provider yet: a letter arriving now is named in it too. */
  stillQueued: boolean;
}

export type NewPostDecision =
  | { kind: 'queue'; channel: NoticeChannel; noticeId: string; openUntil: string }
  | { kind: 'join'; channel: NoticeChannel; noticeId: string }
  /** A notice of this window went out already: the owner was told of new post moments ago. */
  | { kind: 'covered'; channel: NoticeChannel; noticeId: string };

/**
 * What a letter's arrival means for each channel its mailbox's owner registered: a new notice
 * opening a window, or a place in the notice of the window still open. One notice a window, not
 * one a letter: a mass sending gives each person one notice, never a flood.
 */
export const decideNewPost = (
  arrival: Arrival,
  channels: readonly NoticeChannel[],
  windows: ReadonlyMap<NoticeChannel, Window>,
  windowMs: number,
  newNoticeId: () => string,
): NewPostDecision[] =>
  channels.map((channel) => {
    const open = windows.get(channel);
    if (open && Date.parse(open.openUntil) > Date.parse(arrival.deliveredAt)) {
      return { kind: open.stillQueued ? 'join' : 'covered', channel, noticeId: open.noticeId };
    }
    const openUntil = new Date(Date.parse(arrival.deliveredAt) + windowMs).toISOString();
    return { kind: 'queue', channel, noticeId: newNoticeId(), openUntil };
  });
