import type {
  BreachClosed,
  BreachFollowUpFiled,
  BreachFound,
  BreachFoundV1,
  BreachPreliminaryFiled,
} from '@digital-post/contracts';
import { DomainRuleError, type Decider } from '@digital-post/service-kit';

/**
 * One breach (stream `breach-<breachId>`): found, its preliminary report filed, its follow-up
 * filed, closed, in that order and each once. Filing again what is filed changes nothing, so an
 * operator's retry is harmless.
 */

export const breachStreamOf = (breachId: string): string => `breach-${breachId}`;

export interface RecordBreach {
  type: 'RecordBreach';
  found: BreachFound;
}

export interface FilePreliminary {
  type: 'FilePreliminary';
  breachId: string;
  authorityReference: string;
  operatorId: string;
  at: string;
}

export interface FileFollowUp {
  type: 'FileFollowUp';
  breachId: string;
  operatorId: string;
  at: string;
}

export interface CloseBreach {
  type: 'CloseBreach';
  breachId: string;
  operatorId: string;
  at: string;
}

export type BreachCommand = RecordBreach | FilePreliminary | FileFollowUp | CloseBreach;

export type BreachEvent =
  | { type: 'BreachFound'; schemaVersion: 1; data: BreachFoundV1 }
  | { type: 'BreachFound'; schemaVersion: 2; data: BreachFound }
  | { type: 'BreachPreliminaryFiled'; schemaVersion: 1; data: BreachPreliminaryFiled }
  | { type: 'BreachFollowUpFiled'; schemaVersion: 1; data: BreachFollowUpFiled }
  | { type: 'BreachClosed'; schemaVersion: 1; data: BreachClosed };

export interface BreachState {
  found: BreachFound | null;
  preliminary: BreachPreliminaryFiled | null;
  followUp: BreachFollowUpFiled | null;
  closed: BreachClosed | null;
}

const notFound = (breachId: string) =>
  new DomainRuleError('breach-unknown', `No breach ${breachId} was recorded.`);

const decideFiling = (command: BreachCommand, state: BreachState): BreachEvent[] => {
  if (command.type === 'RecordBreach') {
    return state.found ? [] : [{ type: 'BreachFound', schemaVersion: 2, data: command.found }];
  }
  if (!state.found) throw notFound(command.breachId);
  if (state.closed) {
    if (command.type === 'CloseBreach') return [];
    throw new DomainRuleError('breach-closed', `Breach ${command.breachId} is closed.`);
  }
  const { breachId, operatorId, at } = command;
  switch (command.type) {
    case 'FilePreliminary':
      if (state.preliminary) return [];
      return [
        {
          type: 'BreachPreliminaryFiled',
          schemaVersion: 1,
          data: {
            breachId,
            authorityReference: command.authorityReference,
            filedBy: operatorId,
            filedAt: at,
          },
        },
      ];
    case 'FileFollowUp':
      if (state.followUp) return [];
      if (!state.preliminary) throw inOrder(breachId, 'the preliminary report is filed first');
      return [
        {
          type: 'BreachFollowUpFiled',
          schemaVersion: 1,
          data: { breachId, filedBy: operatorId, filedAt: at },
        },
      ];
    case 'CloseBreach':
      if (!state.followUp) throw inOrder(breachId, 'the follow-up is filed before it closes');
      return [
        {
          type: 'BreachClosed',
          schemaVersion: 1,
          data: { breachId, closedBy: operatorId, closedAt: at },
        },
      ];
  }
};

const inOrder = (breachId: string, what: string) =>
  new DomainRuleError('breach-out-of-order', `Breach ${breachId}: ${what}.`);

export const breachDecider: Decider<BreachCommand, BreachEvent, BreachState> = {
  initialState: () => ({ found: null, preliminary: null, followUp: null, closed: null }),
  decide: decideFiling,
  evolve: (state, event) => {
    switch (event.type) {
      case 'BreachFound':
        // Version 1 recorded routing breaches only, without the enrollment counts.
        return { ...state, found: { people: 0, welcomeLetters: 0, ...event.data } };
      case 'BreachPreliminaryFiled':
        return { ...state, preliminary: event.data };
      case 'BreachFollowUpFiled':
        return { ...state, followUp: event.data };
      case 'BreachClosed':
        return { ...state, closed: event.data };
    }
  },
};
