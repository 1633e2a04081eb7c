import { z } from 'zod';
import {
  cprSchema,
  cvrSchema,
  mailboxIdSchema,
  parseMailboxId,
  ridSchema,
} from '../identifiers.ts';
import { instantSchema } from '../time.ts';
import { actingArgSchema, personArgSchema } from './mailboxArgs.ts';
import type { MailboxKind } from './mailbox.ts';
import type { Acting, Person } from './people.ts';
import { NotFoundError } from './mailboxErrors.ts';
import { definePort } from './port.ts';

/**
 * Who may do what on a mailbox: the one decision every route of the gateway and every command of
 * the mailbox asks, fed by the access-control service's rights. A citizen acts on their own
 * mailbox in their own right; everyone else through a right: read access (læseadgang) or full
 * access (fuld adgang) a citizen gave them, or an employee's right to their organisation's mailbox.
 */

/** A citizen's grant to another person, and an employee's right to an organisation's mailbox. */
export const citizenAccessSchema = z.enum(['read', 'full']);
export const employeeRightSchema = z.enum(['read', 'write', 'administer']);
export type CitizenAccess = z.infer<typeof citizenAccessSchema>;
export type EmployeeRight = z.infer<typeof employeeRightSchema>;
export type Right = CitizenAccess | EmployeeRight;

/**
 * What one does to a mailbox. `read`: list, open, download, mark read or unread, move, and see
 * the event log and changes. `organise`: make, rename and delete folders. `write`: write and
 * reply (on the owner's behalf, for anyone but the owner). `delete`: delete letters.
 * `administer`: give and take others' access.
 */
export type MailboxAction = 'read' | 'organise' | 'write' | 'delete' | 'administer';

const actionsOf: Record<Right, readonly MailboxAction[]> = {
  read: ['read'],
  full: ['read', 'organise', 'write', 'delete'],
  write: ['read', 'organise', 'write', 'delete'],
  administer: ['read', 'organise', 'write', 'delete', 'administer'],
};

/** A right a person holds on a mailbox that is not their own. */
export interface HeldRight {
  mailboxId: string;
  right: Right;
  /** When it ends by itself; null while its giver keeps it. */
  endsAt: string | null;
}

/** A citizen's own mailbox: theirs in their own right, with no grant involved. */
export const isOwnMailbox = (person: Person, mailboxId: string): boolean =>
  person.kind === 'citizen' && mailboxId === `cpr:${person.cpr}`;

/** Whether a right still holds: one that has ended is none. */
export const isCurrent = (right: HeldRight, now: Date): boolean =>
  right.endsAt === null || Date.parse(right.endsAt) > now.getTime();

/** The right the person holds on the mailbox now, if any. */
const currentRight = (
  held: readonly HeldRight[],
  mailboxId: string,
  now: Date,
): Right | undefined => {
  const found = held.find((right) => right.mailboxId === mailboxId);
  return found && isCurrent(found, now) ? found.right : undefined;
};

/**
 * The decision: may this person do this to this mailbox now? `held` are the person's rights
 * (`AccessPort.rightsOf`); an owner's own mailbox needs none.
 */
export const mayAct = (
  person: Person,
  mailboxId: string,
  action: MailboxAction,
  held: readonly HeldRight[],
  now: Date,
): boolean => {
  if (isOwnMailbox(person, mailboxId)) return true;
  const right = currentRight(held, mailboxId, now);
  return right !== undefined && actionsOf[right].includes(action);
};

/**
 * The decision as a service asks it: the person's rights are asked for only when the mailbox is
 * not their own; without a source of rights only owners act.
 */
export const mayActAsking = async (
  rights: Pick<AccessPort, 'rightsOf'> | undefined,
  person: Person,
  mailboxId: string,
  action: MailboxAction,
  now: () => Date,
): Promise<boolean> =>
  isOwnMailbox(person, mailboxId) ||
  (rights !== undefined && mayAct(person, mailboxId, action, await rights.rightsOf(person), now()));

/** A mailbox a person may act for, and in which right (`owner` for their own). */
export interface ActableMailbox {
  mailboxId: string;
  kind: MailboxKind;
  right: Right | 'owner';
  endsAt: string | null;
}

/** Every mailbox the person may act for now: their own first (a citizen's), then those held. */
export const mailboxesOf = (
  person: Person,
  held: readonly HeldRight[],
  now: Date,
): ActableMailbox[] => {
  const own: ActableMailbox[] =
    person.kind === 'citizen'
      ? [{ mailboxId: `cpr:${person.cpr}`, kind: 'cpr', right: 'owner', endsAt: null }]
      : [];
  const others = held.flatMap((right): ActableMailbox[] => {
    const owner = parseMailboxId(right.mailboxId);
    if (!owner || !isCurrent(right, now)) return [];
    return [
      { mailboxId: right.mailboxId, kind: owner.kind, right: right.right, endsAt: right.endsAt },
    ];
  });
  return [...own, ...others];
};

/** What an owner gives another person: read or full access to all post, perhaps until a time. */
export const citizenGrantInputSchema = z
  .strictObject({
    holderCpr: cprSchema,
    access: citizenAccessSchema,
    endsAt: instantSchema.nullable().optional(),
  })
  .meta({ id: 'AccessGrant' });

/** An employee as organisations name one: their employer's CVR and their number there. */
export const employeeSchema = z.strictObject({ cvr: cvrSchema, rid: ridSchema });

/** The operator's case an act was done on. */
export const caseReferenceSchema = z
  .string()
  .regex(/^[A-Za-z0-9._/-]{1,64}$/, 'A case reference: 1-64 of A-Z a-z 0-9 . _ / -');

/** What an organisation's administrator gives one of its employees. */
export const employeeGrantInputSchema = z
  .strictObject({
    employee: employeeSchema,
    right: employeeRightSchema,
  })
  .meta({ id: 'EmployeeRightGrant' });

export const grantInputSchema = z.union([citizenGrantInputSchema, employeeGrantInputSchema]);
export type CitizenGrantInput = z.infer<typeof citizenGrantInputSchema>;
export type EmployeeGrantInput = z.infer<typeof employeeGrantInputSchema>;
export type GrantInput = CitizenGrantInput | EmployeeGrantInput;

/** A holder as events and grants name one: `cpr:<CPR>`, or `cvr:<CVR>:rid:<RID>`. */
export const holderIdSchema = z
  .string()
  .regex(/^(cpr:\d{10}|cvr:\d{8}:rid:\d{1,16})$/, 'a person: cpr:<CPR> or cvr:<CVR>:rid:<RID>');

/** A grant as its giver and its holder see it. */
export const grantViewSchema = z
  .object({
    mailboxId: z.string(),
    holderId: z.string(),
    right: z.enum(['read', 'full', 'write', 'administer']),
    endsAt: z.iso.datetime().nullable(),
    grantedAt: z.iso.datetime(),
    grantedBy: z.string(),
  })
  .meta({ id: 'Grant' });
export type GrantView = z.infer<typeof grantViewSchema>;

/**
 * The access-control service's port. A refusal (not the owner, not an administrator, a mailbox
 * that does not exist) is the mailbox port's NotFoundError; a request against the rules (access
 * to oneself, an end in the past, revoking what is not held) is a DomainRuleError.
 */
export interface AccessPort {
  /** The rights the person holds on mailboxes not their own, those ended left out. */
  rightsOf(person: Person): Promise<HeldRight[]>;
  /** The grants on a mailbox: all to whoever may administer it; to a holder, their own. */
  grantsOn(acting: Acting, mailboxId: string): Promise<GrantView[]>;
  /** The grants the person holds, with who gave them. */
  grantsHeld(person: Person): Promise<GrantView[]>;
  grant(acting: Acting, mailboxId: string, input: GrantInput): Promise<GrantView>;
  revoke(acting: Acting, mailboxId: string, holderId: string): Promise<void>;
  /** An organisation's first administrator, named by an operator on a case. */
  appointAdministrator(
    operatorId: string,
    mailboxId: string,
    employee: { cvr: string; rid: string },
    caseReference: string,
  ): Promise<GrantView>;
}

export const accessPort = definePort<AccessPort>({
  name: 'access',
  calls: ['rightsOf', 'grantsOn', 'grantsHeld', 'grant', 'revoke', 'appointAdministrator'],
  streams: [],
  errors: [NotFoundError],
  args: {
    rightsOf: z.tuple([personArgSchema]),
    grantsOn: z.tuple([actingArgSchema, mailboxIdSchema]),
    grantsHeld: z.tuple([personArgSchema]),
    // The grant's input is checked by the port, which answers a clear problem for it.
    grant: z.tuple([actingArgSchema, mailboxIdSchema, z.unknown()]),
    revoke: z.tuple([actingArgSchema, mailboxIdSchema, z.string().max(64)]),
    appointAdministrator: z.tuple([
      z.string().max(128),
      mailboxIdSchema,
      z.unknown(),
      z.string().max(200),
    ]),
  },
});
