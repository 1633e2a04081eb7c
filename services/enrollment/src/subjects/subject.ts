/**
 * Who is enrolled: a citizen by CPR number or a company by CVR number. The two never mix: a
 * company's events are their own types, and a mailbox id says which kind it is.
 */
export type Subject = { kind: 'cpr'; id: string } | { kind: 'cvr'; id: string };

export const mailboxIdOf = (subject: Subject): string => `${subject.kind}:${subject.id}`;

/** The enrollment decisions of one citizen or company. */
export const enrollmentStreamOf = (subject: Subject): string => `enrollment-${subject.id}`;

/** The register facts of one citizen or company, as the registers reported them. */
export const registerStreamOf = (subject: Subject): string => `register-${subject.id}`;
