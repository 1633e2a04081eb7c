import {
  caseReferenceSchema,
  employeeSchema,
  grantInputSchema,
  isCurrent,
  holderIdSchema,
  NotFoundError,
  type PopulationPort,
  parseMailboxId,
  personIdOf,
  type AccessPort,
  type Acting,
  type GrantInput,
  type GrantView,
} from '@digital-post/contracts';
import type { Database, EventStore } from '@digital-post/event-store';
import {
  contractCheckedStore,
  createCommandHandler,
  DomainRuleError,
  parsedOrProblem,
} from '@digital-post/service-kit';
import { z } from 'zod';
import {
  accessDecider,
  accessStreamOf,
  type AccessCommand,
  type Actor,
  type GrantAccess,
  type GrantEmployeeRight,
} from './grantsDecider.ts';
import {
  endedGrants,
  ensureAccessSchema,
  projectRights,
  rightsHeldBy,
  rightsOn,
  toHeldRight,
} from './rightsTable.ts';
import { createRightsCache, type RightsCache } from './rightsCache.ts';

/**
 * The access-control service's port: owners and administrators give and take access, everyone
 * asks what they hold. Each command is one transaction with the rights it changes, so the next
 * decision read after it has returned already sees it: a revocation takes effect at once.
 */
export interface AccessControlOptions {
  store: Pick<EventStore, 'append' | 'readStream'>;
  /** The database of `store`: the rights' table lives beside the events. */
  db: Database;
  now?: () => Date;
  /** How long rights read are kept without a notification of a change (`rightsCache.ts`). */
  rightsKeptMs?: number;
  /** The enrollment service's answer to "is this CPR number a living person's?" */
  population: PopulationPort;
}

export interface AccessControl extends AccessPort {
  /** Records the expiry of grants whose end has passed; how many it recorded. */
  recordExpiries(): Promise<number>;
  /** Stops listening for other processes' changes. */
  close(): Promise<void>;
}

const actorOf = (acting: Acting): Actor => ({
  actorId: personIdOf(acting.person),
  viewingClient: acting.viewingClient,
  caseReference: null,
});

const parsed = <T>(schema: z.ZodType<T>, input: unknown, what: string): T =>
  parsedOrProblem(schema, input, `Invalid ${what}.`);

const assertMailbox = (mailboxId: string): void => {
  if (!parseMailboxId(mailboxId)) throw new NotFoundError('mailbox');
};

/**
 * A citizen gives access only to a living person the population register knows. Asked only for
 * the owner's grant to someone else, so no one learns from the answer more than the owner may.
 */
const assertLivingHolder = async (
  population: PopulationPort,
  command: GrantAccess | GrantEmployeeRight,
): Promise<void> => {
  const { type, holderId, mailboxId, by } = command;
  if (type !== 'GrantAccess' || by.actorId !== mailboxId || holderId === mailboxId) return;
  if (await population.isLivingPerson(holderId.slice('cpr:'.length))) return;
  throw new DomainRuleError(
    'unknown-person',
    'No living person has this CPR number in the population register.',
    422,
  );
};

/** The command a grant's input asks for. */
const commandFor = (
  acting: Acting,
  mailboxId: string,
  input: GrantInput,
  at: string,
): GrantAccess | GrantEmployeeRight =>
  'holderCpr' in input
    ? {
        type: 'GrantAccess',
        mailboxId,
        holderId: `cpr:${input.holderCpr}`,
        access: input.access,
        endsAt: input.endsAt ? new Date(input.endsAt).toISOString() : null,
        by: actorOf(acting),
        at,
      }
    : {
        type: 'GrantEmployeeRight',
        mailboxId,
        holderId: personIdOf({ kind: 'employee', ...input.employee }),
        right: input.right,
        by: actorOf(acting),
        at,
      };

type Reading = Pick<AccessPort, 'rightsOf' | 'grantsHeld' | 'grantsOn'>;

/** What is held, read from the rights' table: whoever may administer sees all, a holder theirs. */
const readingOf = (db: Database, now: () => Date, cache: RightsCache): Reading => ({
  rightsOf: async (person) => {
    const holderId = personIdOf(person);
    const held = await cache.of(holderId, async () =>
      (await rightsHeldBy(db, holderId, now())).map(toHeldRight),
    );
    // What was kept may have ended since.
    return held.filter((right) => isCurrent(right, now()));
  },
  grantsHeld: (person) => rightsHeldBy(db, personIdOf(person), now()),
  grantsOn: async (acting, mailboxId) => {
    assertMailbox(mailboxId);
    const actorId = personIdOf(acting.person);
    const grants = await rightsOn(db, mailboxId, now());
    const mine = grants.filter((grant) => grant.holderId === actorId);
    if (actorId === mailboxId || mine[0]?.right === 'administer') return grants;
    if (mine.length === 0) throw new NotFoundError('mailbox');
    return mine;
  },
});

/** An operator's naming of an organisation's administrator, on a case. */
const appointment = (
  operatorId: string,
  mailboxId: string,
  employee: unknown,
  caseReference: string,
  at: string,
): GrantEmployeeRight => {
  const { cvr, rid } = parsed(employeeSchema, employee, 'employee');
  const by = {
    actorId: `operator:${operatorId}`,
    viewingClient: null,
    caseReference: parsed(caseReferenceSchema, caseReference, 'case reference'),
  };
  const holderId = personIdOf({ kind: 'employee', cvr, rid });
  return { type: 'GrantEmployeeRight', mailboxId, holderId, right: 'administer', by, at };
};

export const createAccessControl = async ({
  store,
  db,
  now = () => new Date(),
  rightsKeptMs,
  population,
}: AccessControlOptions): Promise<AccessControl> => {
  await ensureAccessSchema(db);
  const handler = createCommandHandler(contractCheckedStore(store), accessDecider, { db });
  const cache = createRightsCache(db, rightsKeptMs);
  const handle = async (command: AccessCommand) => {
    const result = await handler.handle(accessStreamOf(command.mailboxId), command, {
      alsoInTransaction: async (tx, events) => {
        await projectRights(tx, events);
        if (events.length > 0) await cache.notify(tx);
      },
    });
    cache.forget();
    return result;
  };
  /** The holder's grant on the mailbox, as it stands after a command. */
  const grantOf = async (mailboxId: string, holderId: string): Promise<GrantView> => {
    const found = (await rightsOn(db, mailboxId, now())).find((g) => g.holderId === holderId);
    if (!found) throw new Error(`the grant to ${mailboxId} vanished after it was given`);
    return found;
  };
  const at = () => now().toISOString();

  return {
    ...readingOf(db, now, cache),
    grant: async (acting, mailboxId, input) => {
      assertMailbox(mailboxId);
      const command = commandFor(acting, mailboxId, parsed(grantInputSchema, input, 'grant'), at());
      await assertLivingHolder(population, command);
      await handle(command);
      return grantOf(mailboxId, command.holderId);
    },
    revoke: async (acting, mailboxId, holderId) => {
      assertMailbox(mailboxId);
      parsed(holderIdSchema, holderId, 'holder');
      await handle({ type: 'Revoke', mailboxId, holderId, by: actorOf(acting), at: at() });
    },
    appointAdministrator: async (operatorId, mailboxId, employee, caseReference) => {
      assertMailbox(mailboxId);
      const command = appointment(operatorId, mailboxId, employee, caseReference, at());
      await handle(command);
      return grantOf(mailboxId, command.holderId);
    },
    recordExpiries: async () => {
      const ended = await endedGrants(db, now(), 500);
      for (const { mailboxId, holderId } of ended) {
        await handle({ type: 'RecordExpiry', mailboxId, holderId, at: at() });
      }
      return ended.length;
    },
    close: () => cache.close(),
  };
};
