import {
  authorityIdSchema,
  letterMediaTypeSchema,
  mailboxIdSchema,
  multiLineText,
  singleLineText,
  MAX_FOLDER_NAME_LENGTH,
  systemFolderIds,
} from '@digital-post/contracts';
import { z } from 'zod';

export const folderIdSchema = z.union([z.enum(systemFolderIds), z.uuid()]);

export const mailboxParams = z.object({ mailboxId: mailboxIdSchema });
export const messageParams = mailboxParams.extend({ messageId: z.uuid() });
export const folderParams = mailboxParams.extend({ folderId: folderIdSchema });
export const fileParams = messageParams.extend({
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'not a SHA-256 digest'),
});

export const folderNameBody = z.strictObject({
  name: singleLineText(MAX_FOLDER_NAME_LENGTH).min(1),
});

export const listQuery = z.strictObject({
  folder: folderIdSchema.default('inbox'),
  unreadOnly: z.stringbool().default(false),
  cursor: z.string().min(1).max(512).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const changesQuery = z.strictObject({
  sinceState: z.string().min(1).max(32),
  maxChanges: z.coerce.number().int().min(1).max(1000).default(500),
});

export const eventLogQuery = z.strictObject({
  cursor: z.string().min(1).max(32).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

const MAX_ATTACHMENT_BASE64 = 4 * 1024 * 1024;

const attachmentSchema = z.strictObject({
  name: singleLineText(255).min(1),
  mimeType: letterMediaTypeSchema,
  contentBase64: z.base64().min(1).max(MAX_ATTACHMENT_BASE64),
});

export const replyBody = z.strictObject({
  title: singleLineText(200).trim().min(1),
  text: multiLineText(100_000).min(1),
  attachments: z.array(attachmentSchema).max(10).default([]),
});

export const writeBody = replyBody.extend({
  to: z.strictObject({ authorityId: authorityIdSchema }),
});

export const moveBody = z.strictObject({ folderId: folderIdSchema });

export const versionResponse = z.object({ version: z.number().int() });
