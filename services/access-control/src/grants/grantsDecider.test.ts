import { deciderSpec } from '@digital-post/service-kit/testing';
import { describe, expect, it } from 'vitest';
import {
  accessDecider,
  type AccessEvent,
  type Actor,
  type GrantAccess,
  type GrantEmployeeRight,
  type Revoke,
} from './grantsDecider.ts';

const spec = deciderSpec(accessDecider);
const mother = 'cpr:0101601234';
const son = 'cpr:0101901234';
const company = 'cvr:12345678';
const admin = 'cvr:12345678:rid:1';
const clerk = 'cvr:12345678:rid:2';
const at = '2026-03-01T10:00:00.000Z';
const later = '2026-04-01T10:00:00.000Z';

const person = (actorId: string): Actor => ({
  actorId,
  viewingClient: 'mit_dk',
  caseReference: null,
});
const operator: Actor = { actorId: 'operator:ops-1', viewingClient: null, caseReference: 'SR-1' };

const grant = (overrides: Partial<GrantAccess> = {}): GrantAccess => ({
  type: 'GrantAccess',
  mailboxId: mother,
  holderId: son,
  access: 'full',
  endsAt: null,
  by: person(mother),
  at,
  ...overrides,
});
const granted = (
  type: 'ReadAccessGranted' | 'FullAccessGranted',
  endsAt: string | null = null,
  by = person(mother),
): AccessEvent =>
  ({
    type,
    schemaVersion: 1,
    data: { mailboxId: mother, holderId: son, endsAt, ...by, grantedAt: at },
  }) as AccessEvent;

const revoke = (overrides: Partial<Revoke> = {}): Revoke => ({
  type: 'Revoke',
  mailboxId: mother,
  holderId: son,
  by: person(mother),
  at: later,
  ...overrides,
});

const employeeRight = (overrides: Partial<GrantEmployeeRight> = {}): GrantEmployeeRight => ({
  type: 'GrantEmployeeRight',
  mailboxId: company,
  holderId: clerk,
  right: 'write',
  by: person(admin),
  at,
  ...overrides,
});
const rightGranted = (
  holderId: string,
  right: 'read' | 'write' | 'administer',
  by: Actor = person(admin),
): AccessEvent => ({
  type: 'EmployeeRightGranted',
  schemaVersion: 1,
  data: { mailboxId: company, holderId, right, ...by, grantedAt: at },
});
const adminNamed = rightGranted(admin, 'administer', operator);

const refusedAsUnknown = (error: unknown) =>
  expect(error).toMatchObject({ name: 'NotFoundError', fields: { what: 'mailbox' } });
const ruleBroken = (rule: string, status: number) => (error: unknown) =>
  expect(error).toMatchObject({ name: 'DomainRuleError', rule, status });

describe("a citizen's grants", () => {
  it('gives read or full access to all post, perhaps until an end', () => {
    spec
      .given([])
      .when(grant())
      .then([granted('FullAccessGranted')]);
    spec
      .given([])
      .when(grant({ access: 'read', endsAt: later }))
      .then([granted('ReadAccessGranted', later)]);
  });

  it('replaces an earlier grant to the same person, and changes nothing when it is the same', () => {
    spec
      .given([granted('FullAccessGranted')])
      .when(grant({ access: 'read' }))
      .then([granted('ReadAccessGranted')]);
    spec
      .given([granted('FullAccessGranted')])
      .when(grant())
      .then([]);
  });

  it('is given by the owner alone: anyone else is refused as if the mailbox did not exist', () => {
    spec
      .given([])
      .when(grant({ by: person(son) }))
      .thenThrows(refusedAsUnknown);
    spec
      .given([granted('FullAccessGranted')])
      .when(grant({ holderId: 'cpr:0202021234', by: person(son) }))
      .thenThrows(refusedAsUnknown);
    spec
      .given([])
      .when(grant({ by: operator }))
      .thenThrows(refusedAsUnknown);
  });

  it('is never to oneself, nor with an end already past', () => {
    spec
      .given([])
      .when(grant({ holderId: mother }))
      .thenThrows(ruleBroken('access-to-oneself', 422));
    spec
      .given([])
      .when(grant({ endsAt: at }))
      .thenThrows(ruleBroken('ends-in-the-past', 422));
  });

  it('is revoked by the owner alone, and only once', () => {
    spec
      .given([granted('FullAccessGranted')])
      .when(revoke())
      .then([
        {
          type: 'AccessRevoked',
          schemaVersion: 1,
          data: { mailboxId: mother, holderId: son, ...person(mother), revokedAt: later },
        },
      ]);
    spec
      .given([granted('FullAccessGranted')])
      .when(revoke({ by: person(son) }))
      .thenThrows(refusedAsUnknown);
    const revoked = accessDecider.decide(revoke(), {
      holders: new Map([[son, { right: 'full', endsAt: null }]]),
    });
    spec
      .given([granted('FullAccessGranted'), ...revoked])
      .when(revoke())
      .thenThrows(ruleBroken('no-access-to-revoke', 409));
  });

  it('ends by itself at its end: nothing left to revoke, and its expiry recorded once', () => {
    const ending = granted('ReadAccessGranted', '2026-03-15T00:00:00.000Z');
    spec.given([ending]).when(revoke()).thenThrows(ruleBroken('no-access-to-revoke', 409));
    const expiry = { type: 'RecordExpiry', mailboxId: mother, holderId: son, at: later } as const;
    const expired: AccessEvent = {
      type: 'AccessExpired',
      schemaVersion: 1,
      data: {
        mailboxId: mother,
        holderId: son,
        endedAt: '2026-03-15T00:00:00.000Z',
        recordedAt: later,
      },
    };
    spec.given([ending]).when(expiry).then([expired]);
    spec.given([ending, expired]).when(expiry).then([]);
    spec
      .given([ending])
      .when({ ...expiry, at })
      .then([]);
  });
});

describe("an organisation's staff", () => {
  it('gets its first administrator from an operator on a case, and no other right that way', () => {
    spec
      .given([])
      .when(employeeRight({ holderId: admin, right: 'administer', by: operator }))
      .then([adminNamed]);
    spec
      .given([])
      .when(
        employeeRight({
          holderId: admin,
          right: 'administer',
          by: { ...operator, caseReference: null },
        }),
      )
      .thenThrows(refusedAsUnknown);
    spec
      .given([])
      .when(employeeRight({ by: operator }))
      .thenThrows(refusedAsUnknown);
  });

  it("has its employees' rights given and taken by its administrators alone", () => {
    spec
      .given([adminNamed])
      .when(employeeRight())
      .then([rightGranted(clerk, 'write')]);
    spec.given([]).when(employeeRight()).thenThrows(refusedAsUnknown);
    spec
      .given([adminNamed, rightGranted(clerk, 'write')])
      .when(employeeRight({ holderId: 'cvr:12345678:rid:3', by: person(clerk) }))
      .thenThrows(refusedAsUnknown);
    spec
      .given([adminNamed, rightGranted(clerk, 'write')])
      .when(revoke({ mailboxId: company, holderId: clerk, by: person(admin) }))
      .then([
        {
          type: 'EmployeeRightRevoked',
          schemaVersion: 1,
          data: { mailboxId: company, holderId: clerk, ...person(admin), revokedAt: later },
        },
      ]);
  });

  it('gives rights to its own employees only, and to no citizen', () => {
    spec
      .given([adminNamed])
      .when(employeeRight({ holderId: 'cvr:87654321:rid:2' }))
      .thenThrows(ruleBroken('employee-of-another-organisation', 422));
    spec
      .given([adminNamed])
      .when(employeeRight({ holderId: son }))
      .thenThrows(ruleBroken('not-an-employee', 422));
    spec
      .given([])
      .when(employeeRight({ mailboxId: mother, by: person(mother) }))
      .thenThrows(refusedAsUnknown);
  });

  it('keeps its last administrator', () => {
    spec
      .given([adminNamed])
      .when(revoke({ mailboxId: company, holderId: admin, by: person(admin) }))
      .thenThrows(ruleBroken('last-administrator', 409));
    spec
      .given([adminNamed, rightGranted('cvr:12345678:rid:3', 'administer')])
      .when(revoke({ mailboxId: company, holderId: admin, by: person(admin) }))
      .then([
        {
          type: 'EmployeeRightRevoked',
          schemaVersion: 1,
          data: { mailboxId: company, holderId: admin, ...person(admin), revokedAt: later },
        },
      ]);
  });

  it('lets an authority name its own staff, whatever their CVR', () => {
    spec
      .given([])
      .when(
        employeeRight({
          mailboxId: 'authority:skat',
          holderId: admin,
          right: 'administer',
          by: operator,
        }),
      )
      .then([
        { ...adminNamed, data: { ...adminNamed.data, mailboxId: 'authority:skat' } } as AccessEvent,
      ]);
  });
});
