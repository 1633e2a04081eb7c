import { deciderSpec } from '@digital-post/service-kit/testing';
import { foldEvents } from '@digital-post/service-kit';
import { describe, expect, it } from 'vitest';
import type { RegisterEvent } from '../registerFeed/registerEvent.ts';
import { registerFactsDecider, type RegisterFactEvent } from './registerFacts.ts';

const at = '2026-11-22T10:00:00.000Z';
const today = '2026-11-22';
const cpr = '2211110001';
const cvr = '12345678';
const people = deciderSpec(registerFactsDecider('cpr'));
const companies = deciderSpec(registerFactsDecider('cvr'));

const population = { register: 'population' as const, cpr };
const bornEvent = (birthDate: string, residenceCountry?: string): RegisterEvent => ({
  id: 'r-born',
  ...population,
  type: 'born',
  birthDate,
  ...(residenceCountry && { residenceCountry }),
});
const movedEvent = (residenceCountry: string, movedOn: string): RegisterEvent => ({
  id: 'r-moved',
  ...population,
  type: 'moved',
  residenceCountry,
  movedOn,
});
const diedEvent = (diedOn: string): RegisterEvent => ({
  id: 'r-died',
  ...population,
  type: 'died',
  diedOn,
});
const registeredEvent: RegisterEvent = {
  id: 'r-reg',
  register: 'company',
  type: 'registered',
  cvr,
  registeredOn: '2020-02-01',
};
const ceasedEvent = (ceasedOn: string): RegisterEvent => ({
  id: 'r-ceased',
  register: 'company',
  type: 'ceased',
  cvr,
  ceasedOn,
});

const record = (event: RegisterEvent) => ({ event, at, today });

/** The facts a person born in Denmark on 2000-06-15 has on record. */
const bornInDenmark: RegisterFactEvent[] = [
  {
    type: 'PersonBornRegistered',
    data: { cpr, birthDate: '2000-06-15', registerEventId: 'r-0', recordedAt: at },
  },
  {
    type: 'PersonMovedRegistered',
    data: {
      cpr,
      residenceCountry: 'DK',
      movedOn: '2000-06-15',
      registerEventId: 'r-0',
      recordedAt: at,
    },
  },
];

const deadInDenmark: RegisterFactEvent[] = [
  ...bornInDenmark,
  {
    type: 'PersonDiedRegistered',
    data: { cpr, diedOn: '2025-01-02', registerEventId: 'r-died', recordedAt: at },
  },
];

const refusedFor =
  (rule: string) =>
  (error: unknown): void =>
    expect(error).toMatchObject({ name: 'DomainRuleError', rule, status: 422 });

describe('register facts of a person', () => {
  it('records a birth, resident in Denmark when the register does not say otherwise', () => {
    people
      .given([])
      .when(record(bornEvent('2011-11-22')))
      .then([
        {
          type: 'PersonBornRegistered',
          data: { cpr, birthDate: '2011-11-22', registerEventId: 'r-born', recordedAt: at },
        },
        {
          type: 'PersonMovedRegistered',
          data: {
            cpr,
            residenceCountry: 'DK',
            movedOn: '2011-11-22',
            registerEventId: 'r-born',
            recordedAt: at,
          },
        },
      ]);
  });

  it('records a birth with the residence the register gives', () => {
    const events = registerFactsDecider('cpr').decide(
      record(bornEvent('2011-11-22', 'GL')),
      registerFactsDecider('cpr').initialState(),
    );
    expect(events[1]).toMatchObject({ data: { residenceCountry: 'GL', movedOn: '2011-11-22' } });
  });

  it('records a move and a death of a person it knows', () => {
    people
      .given(bornInDenmark)
      .when(record(movedEvent('GL', '2024-05-01')))
      .then([
        {
          type: 'PersonMovedRegistered',
          data: {
            cpr,
            residenceCountry: 'GL',
            movedOn: '2024-05-01',
            registerEventId: 'r-moved',
            recordedAt: at,
          },
        },
      ]);
    people
      .given(bornInDenmark)
      .when(record(diedEvent(today)))
      .then([
        {
          type: 'PersonDiedRegistered',
          data: { cpr, diedOn: today, registerEventId: 'r-died', recordedAt: at },
        },
      ]);
  });

  it('folds into the facts the rules read', () => {
    const decider = registerFactsDecider('cpr');
    expect(foldEvents(decider, bornInDenmark)).toEqual({
      known: true,
      birthDate: '2000-06-15',
      residenceCountry: 'DK',
      residentSince: null,
      diedOn: null,
    });
    const movedAway = decider.decide(
      record(movedEvent('GL', '2024-05-01')),
      foldEvents(decider, bornInDenmark),
    );
    const died = decider.decide(
      record(diedEvent('2025-01-02')),
      foldEvents(decider, [...bornInDenmark, ...movedAway]),
    );
    expect(foldEvents(decider, [...bornInDenmark, ...movedAway, ...died])).toEqual({
      known: true,
      birthDate: '2000-06-15',
      residenceCountry: 'GL',
      residentSince: '2024-05-01',
      diedOn: '2025-01-02',
    });
  });

  it.each<[string, RegisterFactEvent[], RegisterEvent, string]>([
    [
      'a move of a person never reported born',
      [],
      movedEvent('DK', '2024-01-01'),
      'unknown-person',
    ],
    ['a death of a person never reported born', [], diedEvent('2024-01-01'), 'unknown-person'],
    ['a death in the future', bornInDenmark, diedEvent('2026-11-23'), 'date-in-future'],
    ['a death before the birth', bornInDenmark, diedEvent('2000-06-14'), 'death-before-birth'],
    ['a birth in the future', [], bornEvent('2026-11-23'), 'date-in-future'],
    // A second birth would put the person back in Denmark, wherever they live.
    ['a second birth of a known person', bornInDenmark, bornEvent('2000-06-16'), 'already-born'],
    // The rules read the residence today: a move announced ahead would apply early.
    ['a move in the future', bornInDenmark, movedEvent('GL', '2026-12-01'), 'date-in-future'],
    ['a company event', bornInDenmark, registeredEvent, 'wrong-register'],
    ['a move after death', deadInDenmark, movedEvent('GL', '2026-01-01'), 'already-dead'],
    ['a second death', deadInDenmark, diedEvent('2026-01-01'), 'already-dead'],
  ])('rejects %s', (_, history, event, rule) => {
    people.given(history).when(record(event)).thenThrows(refusedFor(rule));
  });

  it('accepts a death on the day of birth and a move today', () => {
    people
      .given(bornInDenmark)
      .when(record(diedEvent('2000-06-15')))
      .then([
        {
          type: 'PersonDiedRegistered',
          data: { cpr, diedOn: '2000-06-15', registerEventId: 'r-died', recordedAt: at },
        },
      ]);
    const events = registerFactsDecider('cpr').decide(
      record(movedEvent('DE', today)),
      foldEvents(registerFactsDecider('cpr'), bornInDenmark),
    );
    expect(events).toHaveLength(1);
  });
});

describe('register facts of a company', () => {
  const registeredFact: RegisterFactEvent = {
    type: 'CompanyRegistered',
    data: { cvr, registeredOn: '2020-02-01', registerEventId: 'r-reg', recordedAt: at },
  };

  it('records a registration and a cessation', () => {
    companies.given([]).when(record(registeredEvent)).then([registeredFact]);
    companies
      .given([registeredFact])
      .when(record(ceasedEvent('2026-01-31')))
      .then([
        {
          type: 'CompanyCeased',
          data: { cvr, ceasedOn: '2026-01-31', registerEventId: 'r-ceased', recordedAt: at },
        },
      ]);
    const decider = registerFactsDecider('cvr');
    const ceased = decider.decide(
      record(ceasedEvent('2026-01-31')),
      foldEvents(decider, [registeredFact]),
    );
    expect(foldEvents(decider, [registeredFact, ...ceased])).toEqual({
      known: true,
      registeredOn: '2020-02-01',
      ceasedOn: '2026-01-31',
    });
  });

  it.each<[string, RegisterFactEvent[], RegisterEvent, string]>([
    ['a cessation of a company never registered', [], ceasedEvent('2026-01-31'), 'unknown-company'],
    ['a cessation in the future', [registeredFact], ceasedEvent('2026-11-23'), 'date-in-future'],
    [
      'a registration in the future',
      [],
      { ...registeredEvent, registeredOn: '2027-01-01' } as RegisterEvent,
      'date-in-future',
    ],
    ['a person event', [], bornEvent('2000-01-01'), 'wrong-register'],
  ])('rejects %s', (_, history, event, rule) => {
    companies.given(history).when(record(event)).thenThrows(refusedFor(rule));
  });
});
