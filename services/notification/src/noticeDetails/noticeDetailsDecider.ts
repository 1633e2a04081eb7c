import {
  sha256Hex,
  type NoticeDetailsChanged,
  type NoticeDetailsConfirmed,
} from '@digital-post/contracts';
import { DomainRuleError, type Decider } from '@digital-post/service-kit';
import type { NoticeChannel } from '@digital-post/contracts';
import { channelsOf } from './noticeDetailsInput.ts';

/**
 * Details for notices ("advisering") of one mailbox, stream `contact-<mailboxId>`. In August 2023
 * confirming or updating them unenrolled about 118,000 users, so they have their own stream,
 * commands and events, and this decider knows nothing of enrollment: it cannot touch it.
 */

export interface ChangeNoticeDetails {
  type: 'ChangeNoticeDetails';
  mailboxId: string;
  phone: string | null;
  email: string | null;
  /**
   * Salt of the digest, kept with the details in the service's table and never in an event: a
   * bare SHA-256 of a phone number is reversed by trying the 100 million Danish numbers.
   */
  digestSalt: string;
  at: string;
}

export interface ConfirmNoticeDetails {
  type: 'ConfirmNoticeDetails';
  mailboxId: string;
  /** The version the user saw and confirms. */
  detailsVersion: number;
  at: string;
}

export type NoticeDetailsCommand = ChangeNoticeDetails | ConfirmNoticeDetails;

export type NoticeDetailsEvent =
  | { type: 'NoticeDetailsChanged'; schemaVersion: 1; data: NoticeDetailsChanged }
  | { type: 'NoticeDetailsConfirmed'; schemaVersion: 1; data: NoticeDetailsConfirmed };

export interface NoticeDetailsState {
  /** 0 before the first change. */
  detailsVersion: number;
  channels: NoticeChannel[];
  detailsSha256: string | null;
}

// The category `contact` (and the events' Avro namespace) predate the one name, notice details;
// streams, topics and stored events keep it, since renaming them would orphan what is stored.
export const noticeDetailsStreamOf = (mailboxId: string): string => `contact-${mailboxId}`;

/** The digest events carry: of the details as stored, salt included. */
export const noticeDetailsDigest = (
  details: { phone: string | null; email: string | null },
  digestSalt: string,
): string => sha256Hex(JSON.stringify([digestSalt, details.phone, details.email]));

const decideChange = (
  command: ChangeNoticeDetails,
  state: NoticeDetailsState,
): NoticeDetailsEvent[] => {
  const detailsSha256 = noticeDetailsDigest(command, command.digestSalt);
  // The same details again change nothing. Clearing when nothing was ever registered is a
  // change: it records that the owner chose no notices.
  if (state.detailsVersion > 0 && detailsSha256 === state.detailsSha256) return [];
  const data: NoticeDetailsChanged = {
    mailboxId: command.mailboxId,
    detailsVersion: state.detailsVersion + 1,
    channels: channelsOf(command),
    detailsSha256,
    changedAt: command.at,
  };
  return [{ type: 'NoticeDetailsChanged', schemaVersion: 1, data }];
};

const decideConfirm = (
  command: ConfirmNoticeDetails,
  state: NoticeDetailsState,
): NoticeDetailsEvent[] => {
  if (state.channels.length === 0) {
    throw new DomainRuleError('no-notice-details', 'There are no details for notices to confirm.');
  }
  if (command.detailsVersion !== state.detailsVersion) {
    throw new DomainRuleError(
      'notice-details-changed',
      `The details for notices have changed since version ${command.detailsVersion}; ` +
        'read them again and confirm what is registered now.',
    );
  }
  const data: NoticeDetailsConfirmed = {
    mailboxId: command.mailboxId,
    detailsVersion: state.detailsVersion,
    confirmedAt: command.at,
  };
  return [{ type: 'NoticeDetailsConfirmed', schemaVersion: 1, data }];
};

export const noticeDetailsDecider: Decider<
  NoticeDetailsCommand,
  NoticeDetailsEvent,
  NoticeDetailsState
> = {
  initialState: () => ({ detailsVersion: 0, channels: [], detailsSha256: null }),
  decide: (command, state) =>
    command.type === 'ChangeNoticeDetails'
      ? decideChange(command, state)
      : decideConfirm(command, state),
  evolve: (state, event) =>
    event.type === 'NoticeDetailsChanged'
      ? {
          detailsVersion: event.data.detailsVersion,
          channels: event.data.channels,
          detailsSha256: event.data.detailsSha256,
        }
      : state,
};
