import { z } from 'zod';
import { isValidMailboxOwner } from '../identifiers.ts';
import { definePort } from './port.ts';

/**
 * "Can this recipient get Digital Post now?" The enrollment service's answer, defined once over
 * its published events, so routing (which folds an addressee's enrollment stream in its own
 * transaction) and the sender API (which asks the enrollment service through its port) can never
 * disagree. The enrollment service folds its own state with `evolveStanding` too.
 */
export interface Reachability {
  channel: 'digital' | 'paper';
  reason: 'authority' | 'enrolled' | 'exempt' | 'not_enrolled';
}

export interface Recipient {
  kind: 'cpr' | 'cvr' | 'authority';
  id: string;
}

/** Who is enrolled: a citizen by CPR number or a company by CVR number. */
export type Subject = { kind: 'cpr'; id: string } | { kind: 'cvr'; id: string };

/** What of an enrollment decides how post reaches the subject. */
export interface Standing {
  enrolled: boolean;
  /** fritagelse: paper post instead of Digital Post while it lasts. */
  exemption: { exemptionId: string; validUntil: string | null } | null;
}

export const initialStanding = (): Standing => ({ enrolled: false, exemption: null });

/**
 * The standing after one enrollment event, of any schema version (it reads only fields every
 * version has); events that do not change the standing leave it as it is.
 */
export const evolveStanding = <S extends Standing>(
  state: S,
  event: { type: string; data: unknown },
): S => {
  switch (event.type) {
    case 'CitizenEnrolled':
    case 'CompanyEnrolled':
      return { ...state, enrolled: true };
    case 'CitizenUnenrolled':
    case 'CompanyUnenrolled':
      return { ...state, enrolled: false };
    case 'ExemptionGranted':
    case 'CompanyExemptionGranted': {
      const { exemptionId, validUntil } = event.data as Standing['exemption'] & object;
      return { ...state, exemption: { exemptionId, validUntil: validUntil ?? null } };
    }
    case 'ExemptionEnded':
    case 'CompanyExemptionEnded':
      return { ...state, exemption: null };
    default:
      return state;
  }
};

/** Exemption first, then enrollment, at `at`. */
export const reachabilityOf = (standing: Standing, at: string): Reachability => {
  const exemption = standing.exemption;
  const exempt =
    exemption !== null &&
    (exemption.validUntil === null || Date.parse(at) < Date.parse(exemption.validUntil));
  if (exempt) return { channel: 'paper', reason: 'exempt' };
  return standing.enrolled
    ? { channel: 'digital', reason: 'enrolled' }
    : { channel: 'paper', reason: 'not_enrolled' };
};

/** The reachability an enrollment stream's events give at `at`. */
export const reachabilityFromHistory = (
  events: readonly { type: string; data: unknown }[],
  at: string,
): Reachability => reachabilityOf(events.reduce(evolveStanding, initialStanding()), at);

/** The enrollment service's lookup for senders: authorities always have a mailbox. */
export interface ReachabilityPort {
  reachability(recipient: Recipient): Promise<Reachability>;
}

export const reachabilityPort = definePort<ReachabilityPort>({
  name: 'reachability',
  calls: ['reachability'],
  streams: [],
  errors: [],
  args: {
    reachability: z.tuple([
      z
        .strictObject({ kind: z.enum(['cpr', 'cvr', 'authority']), id: z.string().max(140) })
        .refine(isValidMailboxOwner, 'not a citizen, company or authority'),
    ]),
  },
});
