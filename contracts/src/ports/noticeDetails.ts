import { z } from 'zod';
import { mailboxIdSchema } from '../identifiers.ts';
import { definePort } from './port.ts';

/**
 * What a user may register for notices ("advisering"): a phone number for SMS and an e-mail
 * address. The shapes are checked here, once, for the API object and for the gateway's routes
 * (which use these schemas for validation and their OpenAPI document).
 */

/** `+`, a country code and the number: 8 to 15 digits in all (E.164); no spaces or dashes. */
const E164 = /^\+[1-9]\d{7,14}$/;
/** Danish numbers have eight digits after the country code, no more and no fewer. */
const DANISH = /^\+45\d{8}$/;

export const MAX_EMAIL_LENGTH = 254;

export const noticePhoneSchema = z
  .string()
  .regex(E164, 'not a phone number in international form, e.g. +4512345678')
  .refine((phone) => !phone.startsWith('+45') || DANISH.test(phone), {
    message: 'a Danish phone number has eight digits after +45',
  })
  .meta({ description: 'Phone number for notices by SMS, in international form (+4512345678)' });

export const noticeEmailSchema = z
  .email('not an e-mail address')
  .max(MAX_EMAIL_LENGTH)
  .meta({ description: 'E-mail address for notices' });

/** Either, both, or neither: both null clears what is registered. */
export const noticeDetailsInputSchema = z
  .strictObject({
    phone: noticePhoneSchema.nullable(),
    email: noticeEmailSchema.nullable(),
  })
  .meta({ id: 'NoticeDetailsChange' });

export type NoticeDetailsInput = z.infer<typeof noticeDetailsInputSchema>;

export const noticeChannelSchema = z.enum(['sms', 'email']);
export type NoticeChannel = z.infer<typeof noticeChannelSchema>;

/** The details as the owner sees them, with the version a confirmation must name. */
export const noticeDetailsViewSchema = z
  .object({
    detailsVersion: z.number().int().min(1).describe('Name this version when confirming'),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    channels: z.array(noticeChannelSchema),
    changedAt: z.iso.datetime(),
    confirmedAt: z.iso.datetime().nullable().describe('When this version was last confirmed'),
    failing: z
      .array(noticeChannelSchema)
      .describe('Channels whose address the provider refused: correct them to be told again'),
  })
  .meta({ id: 'NoticeDetails' });

export type NoticeDetailsView = z.infer<typeof noticeDetailsViewSchema>;

export const noticeDetailsConfirmationSchema = z
  .strictObject({
    detailsVersion: z.number().int().min(1).max(2_147_483_647),
  })
  .meta({ id: 'NoticeDetailsConfirmation' });

/**
 * The owner's details for notices ("advisering"), kept apart from enrollment: confirming or
 * changing them can never change enrollment (August 2023). Bad input is a 400 problem.
 */
export interface NoticeDetailsPort {
  /** The newest details of the mailbox, or null when none were ever registered. */
  read(mailboxId: string): Promise<NoticeDetailsView | null>;
  /** Registers new details (both null clears them); the same details again change nothing. */
  change(mailboxId: string, details: NoticeDetailsInput): Promise<NoticeDetailsView>;
  /** Confirms the version the user saw: a 409 problem when it is no longer the newest. */
  confirm(mailboxId: string, detailsVersion: number): Promise<NoticeDetailsView>;
}

export const noticeDetailsPort = definePort<NoticeDetailsPort>({
  name: 'notice-details',
  calls: ['read', 'change', 'confirm'],
  streams: [],
  errors: [],
  // The details themselves are checked by the port, which answers a clear problem for them.
  args: {
    read: z.tuple([mailboxIdSchema]),
    change: z.tuple([mailboxIdSchema, z.unknown()]),
    confirm: z.tuple([mailboxIdSchema, z.number()]),
  },
});
