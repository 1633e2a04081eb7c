import {
  instantSchema,
  LETTER_MEDIA_TYPES,
  multiLineText,
  singleLineText,
} from '@digital-post/contracts';
import { z } from 'zod';
import { authorityIdSchema, recipientSchema } from '../recipients.ts';

// Canonical base64 (RFC 4648 §4) without line breaks: anything else is refused, not repaired.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

// The formats of letters' files are one rule for authorities and citizens (contracts).
export const ACCEPTED_MIME_TYPES = LETTER_MEDIA_TYPES;

/** Printable text on one line: ids and labels never need control characters. */
const singleLine = (max: number) => singleLineText(max).min(1);

const idSchema = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,64}$/, 'An id is 1-64 letters, digits, ".", "_" or "-"');

// Any offset is accepted; events record the instant in UTC.
const dateTimeSchema = instantSchema;

export const fileSchema = z.strictObject({
  fileId: idSchema.optional().describe('Defaults to "<documentId>-file-<n>"'),
  name: singleLine(255).regex(/^[^/\\]+$/, 'A file name has no path'),
  mimeType: z.enum(ACCEPTED_MIME_TYPES),
  content: z.string().min(1).regex(BASE64, 'Expected base64 (RFC 4648, no line breaks)'),
});

export const documentSchema = z.strictObject({
  documentId: idSchema.optional().describe('Defaults to "doc-<n>"'),
  role: z.enum(['main', 'additional']),
  title: singleLine(200),
  files: z.array(fileSchema).min(1).max(20),
});

export const actionSchema = z.strictObject({
  kind: z.enum(['payment', 'self-service', 'appointment']),
  label: singleLine(100),
  // https only: a javascript: or data: link in a letter is an attack on its reader.
  url: z.url({ protocol: /^https$/, hostname: z.regexes.domain }).max(2048),
});

export const replySchema = z
  .strictObject({ allowed: z.boolean(), replyByDateTime: dateTimeSchema.optional() })
  .refine((reply) => reply.allowed || reply.replyByDateTime === undefined, {
    message: 'replyByDateTime needs allowed: true',
    path: ['replyByDateTime'],
  });

/** A letter as an authority hands it in, shaped after MeMo (the Danish message model). */
export const messageSchema = z
  .strictObject({
    messageUUID: z.uuid().describe('The idempotency key: the same UUID again answers as before'),
    sender: z.strictObject({ authorityId: authorityIdSchema }),
    recipient: recipientSchema,
    title: singleLine(200),
    notificationText: multiLineText(500).min(1).optional(),
    documents: z.array(documentSchema).min(1).max(50),
    actions: z.array(actionSchema).max(10).default([]),
    reply: replySchema.optional(),
    doNotDeliverUntil: dateTimeSchema.optional(),
    inReplyTo: z
      .uuid()
      .optional()
      .describe("The messageUUID of a citizen's or company's letter this one answers"),
    legalNotification: z
      .boolean()
      .default(false)
      .describe('Digital forkyndelse: the first open of the letter serves it'),
  })
  .refine((message) => message.documents.filter((d) => d.role === 'main').length === 1, {
    message: 'Exactly one document has role "main"',
    path: ['documents'],
  })
  .meta({ id: 'Message' });

export type MessageRequest = z.infer<typeof messageSchema>;

export const acceptanceSchema = z
  .object({
    messageUUID: z.string(),
    status: z.literal('accepted'),
    acceptedAt: z.string(),
    contentSha256: z.string().describe('SHA-256 of the message as handed in'),
  })
  .meta({ id: 'Acceptance' });

export type Acceptance = z.infer<typeof acceptanceSchema>;
