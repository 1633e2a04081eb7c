export { openMailboxFixture, type MailboxFixture, type TestLetter } from './mailboxFixture.ts';
