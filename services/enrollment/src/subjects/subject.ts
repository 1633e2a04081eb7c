import { isValidCvr, type Subject } from '@digital-post/contracts';

// Who is enrolled, and the stream of their enrollment decisions, are published rules: routing
// reads that stream too. A citizen's and a company's events are their own types, and a mailbox
// id says which kind it is, so a CVR is never read as a CPR.
export { enrollmentStreamOf, mailboxIdOf, type Subject } from '@digital-post/contracts';

/** The register facts of one citizen or company, as the registers reported them. */
export const registerStreamOf = (subject: Subject): string => `register-${subject.id}`;

/** The subject of a `register-` or `enrollment-` stream: a CVR number is 8 digits, a CPR 10. */
export const subjectOfStream = (streamId: string): Subject => {
  const id = streamId.slice(streamId.indexOf('-') + 1);
  return isValidCvr(id) ? { kind: 'cvr', id } : { kind: 'cpr', id };
};
