import {
  NotFoundError,
  parseMailboxId,
  type AccessExpired,
  type AccessRevoked,
  type CitizenAccess,
  type EmployeeRight,
  type EmployeeRightGranted,
  type EmployeeRightRevoked,
  type FullAccessGranted,
  type ReadAccessGranted,
  type Right,
  type ViewingClient,
} from '@digital-post/contracts';
import { DomainRuleError, type Decider } from '@digital-post/service-kit';

/**
 * Who besides its owner may act on one mailbox, stream `access-<mailboxId>`. On a citizen's
 * mailbox only the owner gives and takes read or full access; on an organisation's (a company's
 * or an authority's) its administrators give and take employees' rights, and an operator names
 * an administrator on a case (the first one, or after the last one left). Whoever may not
 * administer the mailbox is refused as if it did not exist.
 */

export const accessStreamOf = (mailboxId: string): string => `access-${mailboxId}`;

/** Who acts, through which client, on what basis. */
export interface Actor {
  /** A person as the event log names one (`cpr:…`, `cvr:…:rid:…`), or `operator:<id>`. */
  actorId: string;
  viewingClient: ViewingClient | null;
  /** An operator's case; null for a person's own act. */
  caseReference: string | null;
}

export interface GrantAccess {
  type: 'GrantAccess';
  mailboxId: string;
  holderId: string;
  access: CitizenAccess;
  endsAt: string | null;
  by: Actor;
  at: string;
}

export interface GrantEmployeeRight {
  type: 'GrantEmployeeRight';
  mailboxId: string;
  holderId: string;
  right: EmployeeRight;
  by: Actor;
  at: string;
}

export interface Revoke {
  type: 'Revoke';
  mailboxId: string;
  holderId: string;
  by: Actor;
  at: string;
}

/** Records that a grant's end date has passed (it was refused from then on regardless). */
export interface RecordExpiry {
  type: 'RecordExpiry';
  mailboxId: string;
  holderId: string;
  at: string;
}

export type AccessCommand = GrantAccess | GrantEmployeeRight | Revoke | RecordExpiry;

export type AccessEvent =
  | { type: 'ReadAccessGranted'; schemaVersion: 1; data: ReadAccessGranted }
  | { type: 'FullAccessGranted'; schemaVersion: 1; data: FullAccessGranted }
  | { type: 'AccessRevoked'; schemaVersion: 1; data: AccessRevoked }
  | { type: 'AccessExpired'; schemaVersion: 1; data: AccessExpired }
  | { type: 'EmployeeRightGranted'; schemaVersion: 1; data: EmployeeRightGranted }
  | { type: 'EmployeeRightRevoked'; schemaVersion: 1; data: EmployeeRightRevoked };

export interface Holding {
  right: Right;
  endsAt: string | null;
}

/** The mailbox's holders, by holder id. */
export interface AccessState {
  holders: ReadonlyMap<string, Holding>;
}

const refused = () => new NotFoundError('mailbox');

const broken = (rule: string, detail: string, status: 409 | 422 = 422) =>
  new DomainRuleError(rule, detail, status);

const isCitizenMailbox = (mailboxId: string) => parseMailboxId(mailboxId)?.kind === 'cpr';

const heldNow = (state: AccessState, holderId: string, at: string): Holding | undefined => {
  const holding = state.holders.get(holderId);
  if (!holding) return undefined;
  return holding.endsAt !== null && holding.endsAt <= at ? undefined : holding;
};

/** May this actor give and take access to the mailbox? */
const administers = (state: AccessState, mailboxId: string, by: Actor, at: string): boolean =>
  isCitizenMailbox(mailboxId)
    ? by.actorId === mailboxId
    : heldNow(state, by.actorId, at)?.right === 'administer';

const acting = (by: Actor) => ({
  actorId: by.actorId,
  viewingClient: by.viewingClient,
  caseReference: by.caseReference,
});

const decideGrantAccess = (command: GrantAccess, state: AccessState): AccessEvent[] => {
  const { mailboxId, holderId, endsAt, by, at } = command;
  if (!isCitizenMailbox(mailboxId) || !administers(state, mailboxId, by, at)) throw refused();
  if (holderId === mailboxId) {
    throw broken('access-to-oneself', 'The owner of a mailbox has all access to it already.');
  }
  if (endsAt !== null && endsAt <= at) {
    throw broken('ends-in-the-past', 'The end of the access must be after now.');
  }
  const held = heldNow(state, holderId, at);
  if (held && held.right === command.access && held.endsAt === endsAt) return [];
  const data = { mailboxId, holderId, endsAt, ...acting(by), grantedAt: at };
  return command.access === 'full'
    ? [{ type: 'FullAccessGranted', schemaVersion: 1, data }]
    : [{ type: 'ReadAccessGranted', schemaVersion: 1, data }];
};

/** An employee of a company acts only for that company; an authority's staff are named by it. */
const assertEmployeeOf = (mailboxId: string, holderId: string) => {
  const owner = parseMailboxId(mailboxId);
  if (!owner || owner.kind === 'cpr') throw refused();
  if (!/^cvr:\d{8}:rid:\d{1,16}$/.test(holderId)) {
    throw broken('not-an-employee', 'Rights to an organisation go to its employees (CVR and RID).');
  }
  if (owner.kind === 'cvr' && !holderId.startsWith(`cvr:${owner.id}:`)) {
    throw broken(
      'employee-of-another-organisation',
      'An employee acts only for their own company.',
    );
  }
};

const decideGrantEmployeeRight = (
  command: GrantEmployeeRight,
  state: AccessState,
): AccessEvent[] => {
  const { mailboxId, holderId, right, by, at } = command;
  const byOperator = by.actorId.startsWith('operator:');
  if (
    byOperator
      ? right !== 'administer' || !by.caseReference
      : !administers(state, mailboxId, by, at)
  ) {
    throw refused();
  }
  assertEmployeeOf(mailboxId, holderId);
  if (heldNow(state, holderId, at)?.right === right) return [];
  const data = { mailboxId, holderId, right, ...acting(by), grantedAt: at };
  return [{ type: 'EmployeeRightGranted', schemaVersion: 1, data }];
};

const administrators = (state: AccessState, at: string) =>
  [...state.holders.keys()].filter((holder) => heldNow(state, holder, at)?.right === 'administer');

const decideRevoke = (command: Revoke, state: AccessState): AccessEvent[] => {
  const { mailboxId, holderId, by, at } = command;
  if (!administers(state, mailboxId, by, at)) throw refused();
  const held = heldNow(state, holderId, at);
  if (!held) {
    throw broken('no-access-to-revoke', `${holderId} holds no access to this mailbox.`, 409);
  }
  const data = { mailboxId, holderId, ...acting(by), revokedAt: at };
  if (isCitizenMailbox(mailboxId)) return [{ type: 'AccessRevoked', schemaVersion: 1, data }];
  if (held.right === 'administer' && administrators(state, at).length === 1) {
    throw broken(
      'last-administrator',
      'The last administrator cannot be removed; name another administrator first.',
      409,
    );
  }
  return [{ type: 'EmployeeRightRevoked', schemaVersion: 1, data }];
};

const decideExpiry = ({ mailboxId, holderId, at }: RecordExpiry, state: AccessState) => {
  const holding = state.holders.get(holderId);
  if (!holding || holding.endsAt === null || holding.endsAt > at) return [];
  const data = { mailboxId, holderId, endedAt: holding.endsAt, recordedAt: at };
  return [{ type: 'AccessExpired', schemaVersion: 1, data } as const];
};

const withHolder = (state: AccessState, holderId: string, holding?: Holding): AccessState => {
  const holders = new Map(state.holders);
  if (holding) holders.set(holderId, holding);
  else holders.delete(holderId);
  return { holders };
};

export const accessDecider: Decider<AccessCommand, AccessEvent, AccessState> = {
  initialState: () => ({ holders: new Map() }),
  decide: (command, state) => {
    switch (command.type) {
      case 'GrantAccess':
        return decideGrantAccess(command, state);
      case 'GrantEmployeeRight':
        return decideGrantEmployeeRight(command, state);
      case 'Revoke':
        return decideRevoke(command, state);
      case 'RecordExpiry':
        return decideExpiry(command, state);
    }
  },
  evolve: (state, event) => {
    const { holderId } = event.data;
    switch (event.type) {
      case 'ReadAccessGranted':
        return withHolder(state, holderId, { right: 'read', endsAt: event.data.endsAt });
      case 'FullAccessGranted':
        return withHolder(state, holderId, { right: 'full', endsAt: event.data.endsAt });
      case 'EmployeeRightGranted':
        return withHolder(state, holderId, { right: event.data.right, endsAt: null });
      case 'AccessRevoked':
      case 'AccessExpired':
      case 'EmployeeRightRevoked':
        return withHolder(state, holderId);
    }
  },
};
