import { z } from 'zod';
import { viewingClientSchema } from '../events/mailbox.ts';
import {
  authorityIdSchema,
  cprSchema,
  cvrSchema,
  mailboxIdSchema,
  ridSchema,
} from '../identifiers.ts';
import { letterMediaTypeSchema } from '../mediaTypes.ts';
import { singleLineText } from '../text.ts';

/**
 * The shapes of the mailbox port's arguments, checked where the port is served to another
 * process: a caller's mistake there is a 400, never a fault deep inside the mailbox. The
 * gateway checks its clients' requests against its own, stricter, route schemas first.
 */
export const MAX_FOLDER_NAME_LENGTH = 64;

/** A person as ports take one: a citizen by CPR, an employee by CVR and RID. */
export const personArgSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('citizen'), cpr: cprSchema }),
  z.strictObject({
    kind: z.literal('employee'),
    cvr: cvrSchema,
    rid: ridSchema,
  }),
]);

/** Who acts, and through which viewing client. */
export const actingArgSchema = z.strictObject({
  person: personArgSchema,
  viewingClient: z.enum(viewingClientSchema.symbols),
});

const messageId = z.uuid();
const folderId = z.string().min(1).max(64);
const folderName = singleLineText(MAX_FOLDER_NAME_LENGTH).min(1);
// -1: an If-Match naming no version of ours, which matches nothing and fails as stale.
const version = z.number().int().min(-1).max(2_147_483_647).optional();
const token = z.string().max(200);

const listQuery = z.strictObject({
  folderId: folderId.optional(),
  unreadOnly: z.boolean().optional(),
  cursor: token.optional(),
  limit: z.number().int().min(1).max(500).optional(),
});

const draft = z.strictObject({
  title: z.string().max(1_000),
  text: z.string().max(1_000_000),
  attachments: z
    .array(
      z.strictObject({
        name: z.string().max(255),
        mimeType: letterMediaTypeSchema,
        bytes: z.instanceof(Buffer),
      }),
    )
    .max(20)
    .optional(),
});

const page = z.strictObject({
  cursor: token.optional(),
  limit: z.number().int().min(1).max(500).optional(),
});

const mailboxed = <T extends z.ZodType[]>(...rest: T) =>
  z.tuple([actingArgSchema, mailboxIdSchema, ...rest]);

export const mailboxArgs = {
  listMailboxes: z.tuple([personArgSchema]),
  listFolders: mailboxed(),
  createFolder: mailboxed(folderName),
  renameFolder: mailboxed(folderId, folderName),
  deleteFolder: mailboxed(folderId),
  listMessages: mailboxed(listQuery),
  openMessage: mailboxed(messageId),
  getFile: mailboxed(messageId, z.string().regex(/^[0-9a-f]{64}$/)),
  markRead: mailboxed(messageId, version),
  markUnread: mailboxed(messageId, version),
  move: mailboxed(messageId, folderId, version),
  delete: mailboxed(messageId, version),
  writeMessage: mailboxed(authorityIdSchema, draft),
  reply: mailboxed(messageId, draft),
  readEventLog: mailboxed(page),
  currentState: mailboxed(),
  changes: mailboxed(token, z.number().int().min(1).max(5_000).optional()),
  // A stream's listener stays with the caller: only its other arguments travel.
  watch: mailboxed(token),
};
