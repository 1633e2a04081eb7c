import { z } from 'zod';
import { mayForward, parseMailboxId } from './mailboxId.ts';

export const mailboxIdSchema = z
  .string()
  .max(80)
  .refine(
    (value) => parseMailboxId(value) !== undefined,
    'not a mailbox id (cpr:…, cvr:…, authority:…)',
  );

export const organisationMailboxIdSchema = mailboxIdSchema.refine(
  mayForward,
  'only an organisation mailbox (cvr:… or authority:…) forwards post',
);
