import { describe, expect, it } from 'vitest';
import {
  isFutureDate,
  parseRegisterLine,
  registerDateOf,
  type RegisterEvent,
} from './registerEvent.ts';

const born = {
  id: 'cpr-2024-000001',
  register: 'population',
  type: 'born',
  cpr: '0101241234',
  birthDate: '2024-01-01',
};

const line = (value: unknown): string => JSON.stringify(value);

const rejection = (text: string) => {
  const parsed = parseRegisterLine(text);
  if (parsed.ok) throw new Error(`expected ${text} to be refused`);
  return parsed;
};

describe('a register line', () => {
  it.each<RegisterEvent>([
    { id: 'p-1', register: 'population', type: 'born', cpr: '0101241234', birthDate: '2024-01-01' },
    {
      id: 'p-2',
      register: 'population',
      type: 'born',
      cpr: '0101241234',
      birthDate: '2024-01-01',
      residenceCountry: 'GL',
    },
    {
      id: 'p-3',
      register: 'population',
      type: 'moved',
      cpr: '0101241234',
      residenceCountry: 'GL',
      movedOn: '2024-02-29',
    },
    { id: 'p-4', register: 'population', type: 'died', cpr: '0101241234', diedOn: '2000-02-29' },
    {
      id: 'c-1',
      register: 'company',
      type: 'registered',
      cvr: '12345678',
      registeredOn: '1999-12-31',
    },
    { id: 'c-2', register: 'company', type: 'ceased', cvr: '12345678', ceasedOn: '2024-06-30' },
  ])('reads a $register $type event', (event) => {
    expect(parseRegisterLine(line(event))).toEqual({ ok: true, event });
  });

  it('leaves the country of a birth absent when the register does not give one', () => {
    const parsed = parseRegisterLine(line(born));
    expect(parsed.ok && 'residenceCountry' in parsed.event).toBe(false);
  });

  it('takes a CPR number that fails the old modulus-11 check', () => {
    // 0101241234: 4·0+3·1+2·0+7·1+6·2+5·4+4·1+3·2+2·3+1·4 = 62, not a multiple of 11.
    expect(parseRegisterLine(line({ ...born, cpr: '0101241234' })).ok).toBe(true);
  });

  it('tolerates surrounding white space and a carriage return', () => {
    expect(parseRegisterLine(`  ${line(born)}\r`).ok).toBe(true);
  });

  it.each([
    ['not JSON at all', 'born 0101241234'],
    ['cut short', line(born).slice(0, -5)],
    ['a trailing comma', `${line(born).slice(0, -1)},}`],
    ['empty', ''],
  ])('refuses malformed JSON: %s', (_, text) => {
    expect(rejection(text)).toMatchObject({ reason: 'malformed-json', id: null });
  });

  it('says what is wrong with malformed JSON without repeating the line', () => {
    const { detail } = rejection('x0101241234 born');
    expect(detail).toMatch(/not valid JSON/);
    expect(detail).not.toContain('0101241234');
  });

  it.each([
    ['an unknown type', { ...born, type: 'adopted' }, 'type'],
    ['no type', { id: born.id, register: 'population', cpr: born.cpr }, 'type'],
    ['a type of the other register', { ...born, register: 'company' }, 'register'],
    ['an unknown register', { ...born, register: 'church' }, 'register'],
    ['a CPR number of 9 digits', { ...born, cpr: '010124123' }, 'cpr'],
    ['a CPR number of 11 digits', { ...born, cpr: '01012412345' }, 'cpr'],
    ['a CPR number with a dash', { ...born, cpr: '010124-1234' }, 'cpr'],
    ['a CPR number as a number', { ...born, cpr: 1010241234 }, 'cpr'],
    [
      'a CVR number of 7 digits',
      {
        id: 'c',
        register: 'company',
        type: 'registered',
        cvr: '1234567',
        registeredOn: '2024-01-01',
      },
      'cvr',
    ],
    ['30 February', { ...born, birthDate: '2023-02-30' }, 'birthDate'],
    ['29 February of a common year', { ...born, birthDate: '2023-02-29' }, 'birthDate'],
    ['29 February 1900', { ...born, birthDate: '1900-02-29' }, 'birthDate'],
    ['31 April', { ...born, birthDate: '2023-04-31' }, 'birthDate'],
    ['month 13', { ...born, birthDate: '2023-13-01' }, 'birthDate'],
    ['a date without leading zeros', { ...born, birthDate: '2023-1-5' }, 'birthDate'],
    ['a date with a time', { ...born, birthDate: '2023-01-05T00:00:00Z' }, 'birthDate'],
    ['a lower-case country', { ...born, residenceCountry: 'gl' }, 'residenceCountry'],
    ['a three-letter country', { ...born, residenceCountry: 'GRL' }, 'residenceCountry'],
    [
      'a move without a country',
      { id: 'm', register: 'population', type: 'moved', cpr: born.cpr, movedOn: '2024-01-01' },
      'residenceCountry',
    ],
    [
      'a death without a date',
      { id: 'd', register: 'population', type: 'died', cpr: born.cpr },
      'diedOn',
    ],
    ['an extra field', { ...born, name: 'Jens Hansen' }, '(event)'],
    ['a field of another type', { ...born, diedOn: '2024-01-02' }, '(event)'],
  ])('refuses an event with %s, naming it by its id', (_, event, field) => {
    const refused = rejection(line(event));
    expect(refused).toMatchObject({ reason: 'invalid-event', id: event.id });
    expect(refused.detail).toContain(`${field}:`);
  });

  it.each([
    ['an empty id', { ...born, id: '' }],
    ['an id of 129 characters', { ...born, id: 'x'.repeat(129), cpr: 'bad' }],
    ['a numeric id', { ...born, id: 42 }],
    ['no id', { ...born, id: undefined }],
  ])('refuses an event with %s, and has no id to name it by', (_, event) => {
    expect(rejection(line(event))).toMatchObject({ reason: 'invalid-event', id: null });
  });

  it('takes an id of 128 characters', () => {
    expect(parseRegisterLine(line({ ...born, id: 'x'.repeat(128) })).ok).toBe(true);
  });

  it.each(['42', 'null', '"born"', '[{}]'])(
    'refuses %s, which is JSON but not an object',
    (text) => {
      expect(rejection(text)).toMatchObject({ reason: 'invalid-event', id: null });
    },
  );
});

describe('dates', () => {
  it('tells a date after today from today and the past', () => {
    expect(isFutureDate('2024-03-02', '2024-03-01')).toBe(true);
    expect(isFutureDate('2024-03-01', '2024-03-01')).toBe(false);
    expect(isFutureDate('2023-12-31', '2024-01-01')).toBe(false);
    expect(isFutureDate('2025-01-01', '2024-12-31')).toBe(true);
  });

  it('refuses to compare what is not a calendar date', () => {
    expect(() => isFutureDate('2024-3-2', '2024-03-01')).toThrow(RangeError);
    expect(() => isFutureDate('2024-03-02', '2024-02-30')).toThrow(RangeError);
  });

  it("takes the register's date in Denmark, not in UTC", () => {
    // Winter (UTC+1) and summer (UTC+2): late evening UTC is already the next day in Denmark.
    expect(registerDateOf(new Date('2024-03-01T22:59:59Z'))).toBe('2024-03-01');
    expect(registerDateOf(new Date('2024-03-01T23:00:00Z'))).toBe('2024-03-02');
    expect(registerDateOf(new Date('2024-07-01T21:59:59Z'))).toBe('2024-07-01');
    expect(registerDateOf(new Date('2024-07-01T22:00:00Z'))).toBe('2024-07-02');
  });
});
