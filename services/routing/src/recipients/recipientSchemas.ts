import { mailboxIdSchema } from '@digital-post/contracts';
import { mayForward } from './mailboxId.ts';

export { mailboxIdSchema } from '@digital-post/contracts';

export const organisationMailboxIdSchema = mailboxIdSchema.refine(
  mayForward,
  'only an organisation mailbox (cvr:… or authority:…) forwards post',
);
