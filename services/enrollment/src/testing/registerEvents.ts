import { randomUUID } from 'node:crypto';
import type { RegisterEvent } from '../registerFeed/registerEvent.ts';

export { newCpr, newCvr } from '@digital-post/testing';

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
