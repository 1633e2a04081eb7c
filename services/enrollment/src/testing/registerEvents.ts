import { randomUUID } from 'node:crypto';
import type { RegisterEvent } from '../registerFeed/registerEvent.ts';

/** CPR and CVR numbers unique within a test process. */
let counter = 0;
/** A fresh CPR number that is a valid one: DDMMYY of a day in 1950, then a serial. */
export const newCpr = (): string => {
  const n = (counter += 1);
  const day = String(1 + (n % 28)).padStart(2, '0');
  const month = String(1 + (Math.floor(n / 28) % 12)).padStart(2, '0');
  return `${day}${month}50${String(Math.floor(n / 336)).padStart(4, '0')}`;
};
export const newCvr = (): string => String(10_000_000 + (counter += 1));

/** The registers' events as they arrive on the feed, each with a fresh register event id. */
export const born = (cpr: string, birthDate: string, residenceCountry?: string): RegisterEvent => ({
  id: randomUUID(),
  register: 'population',
  type: 'born',
  cpr,
  birthDate,
  ...(residenceCountry && { residenceCountry }),
});

export const moved = (cpr: string, residenceCountry: string, movedOn: string): RegisterEvent => ({
  id: randomUUID(),
  register: 'population',
  type: 'moved',
  cpr,
  residenceCountry,
  movedOn,
});

export const died = (cpr: string, diedOn: string): RegisterEvent => ({
  id: randomUUID(),
  register: 'population',
  type: 'died',
  cpr,
  diedOn,
});

export const registered = (cvr: string, registeredOn: string): RegisterEvent => ({
  id: randomUUID(),
  register: 'company',
  type: 'registered',
  cvr,
  registeredOn,
});

export const ceased = (cvr: string, ceasedOn: string): RegisterEvent => ({
  id: randomUUID(),
  register: 'company',
  type: 'ceased',
  cvr,
  ceasedOn,
});
