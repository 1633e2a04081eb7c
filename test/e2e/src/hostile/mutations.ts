import fc from 'fast-check';
import { RawJson } from './request.ts';

/** The classes of hostile values, each a way clients (or attackers) break assumptions. */
export type ValueClass =
  | 'nul'
  | 'lone-surrogate'
  | 'very-long'
  | 'control-chars'
  | 'unicode-emoji'
  | 'number-out-of-range'
  | 'negative-zero'
  | 'int-overflow'
  | 'date-out-of-range'
  | 'impossible-date'
  | 'wrong-type'
  | 'null'
  | 'forged-cursor'
  | 'forged-token'
  | 'missing';

export interface Hostile {
  valueClass: ValueClass;
  /** `undefined` leaves the parameter out. */
  value: unknown;
}

export type Location = 'path' | 'query' | 'header' | 'body';

/** What a parameter holds, read off its valid sample value and its name. */
export type FieldKind = 'text' | 'date' | 'date-time' | 'integer' | 'boolean' | 'cursor' | 'token';

export const kindOf = (name: string, sample: unknown): FieldKind => {
  if (/^(authorization|x-client-token)$/.test(name)) return 'token';
  if (/(cursor|after|sinceState)$/i.test(name)) return 'cursor';
  if (typeof sample === 'boolean') return 'boolean';
  if (typeof sample === 'number' || /^\d{1,9}$/.test(String(sample))) return 'integer';
  if (/^\d{4}-\d{2}-\d{2}$/.test(String(sample))) return 'date';
  if (/^\d{4}-\d{2}-\d{2}T/.test(String(sample))) return 'date-time';
  return 'text';
};

const base64url = (text: string) => Buffer.from(text).toString('base64url');

// The edges of the years 0001–9999 once an offset is applied, and what lies past them.
const DATE_TIMES_OUT_OF_RANGE = [
  '0000-12-31T23:59:59Z',
  '0001-01-01T00:30:00+01:00',
  '9999-12-31T23:30:00-01:00',
  '10000-01-01T00:00:00Z',
  '+010000-01-01T00:00:00Z',
  '-000001-01-01T00:00:00Z',
  '+275760-09-13T00:00:00.000Z',
];
const DATES_OUT_OF_RANGE = ['0000-12-31', '10000-01-01', '-000001-01-01', '+275760-09-13'];
const IMPOSSIBLE_DATES = [
  '2026-02-30',
  '2026-02-29',
  '2026-13-01',
  '2026-00-10',
  '2026-02-30T12:00:00Z',
  '2026-04-31T00:00:00+02:00',
];
const OUT_OF_RANGE_NUMBERS = ['1e309', '-1e309', '1e308', '9007199254740993', '-1', '0.5', '1.5'];
const OVERFLOWING_INTEGERS = [
  '99999999999999999999',
  '18446744073709551616',
  '9223372036854775808',
  '-9223372036854775809',
];

/** Cursors a client could forge: right encoding, numbers and times no page ever held. */
const FORGED_CURSORS = [
  base64url('["0000-12-31T23:59:59Z","00000000-0000-4000-8000-000000000000"]'),
  base64url('["+275760-09-13T00:00:00.000Z","x"]'),
  base64url('["2026-02-30T00:00:00Z",99999999999999999999]'),
  base64url('[1e309,"x"]'),
  base64url('v1:99999999999999999999:1'),
  base64url('v1:1:18446744073709551616'),
  '99999999999999999999',
  '1000000000000000',
];

const FORGED_TOKENS = [
  `${base64url('{"alg":"none"}')}.${base64url('{"sub":"x"}')}.`,
  `${base64url('{"alg":"EdDSA","kid":"\u0000"}')}.${base64url('{}')}.c2ln`,
  `${base64url('{"alg":"EdDSA","crit":[1e309]}')}.${base64url('{"exp":1e309}')}.c2ln`,
  'a.b.c.d.e',
];

const around = (inner: fc.Arbitrary<string>) =>
  fc.tuple(fc.string({ maxLength: 8 }), inner, fc.string({ maxLength: 8 })).map((p) => p.join(''));

const numberValue = (text: string, location: Location) =>
  location === 'body' ? new RawJson(text) : text;

/** JSON values of another type than the sample's: the shape a careless client gets wrong. */
const otherTypes = (sample: unknown): unknown[] =>
  [{}, [], ['x'], { a: 1 }, true, 0, 'text'].filter(
    (value) => jsonTypeOf(value) !== jsonTypeOf(sample),
  );

export const jsonTypeOf = (value: unknown): string =>
  value instanceof RawJson
    ? 'number'
    : Array.isArray(value)
      ? 'array'
      : value === null
        ? 'null'
        : typeof value;

const of = (valueClass: ValueClass) => (value: unknown) => ({ valueClass, value });

/** Every class of hostile value for a parameter; random runs draw from all of them. */
export const hostileValues = (sample: unknown, location: Location): fc.Arbitrary<Hostile> =>
  fc.oneof(
    around(fc.constant('\u0000')).map(of('nul')),
    around(fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c))).map(
      of('lone-surrogate'),
    ),
    fc
      .tuple(fc.integer({ min: 10_000, max: 100_000 }), fc.constantFrom('a', 'é', '😀', '0', ' '))
      .map(([n, unit]) => unit.repeat(n))
      .map(of('very-long')),
    fc
      .array(fc.integer({ min: 1, max: 31 }), { minLength: 1, maxLength: 12 })
      .map((codes) => String.fromCharCode(...codes, 0x7f))
      .map(of('control-chars')),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).map(of('unicode-emoji')),
    fc
      .constantFrom(...OUT_OF_RANGE_NUMBERS)
      .map((t) => of('number-out-of-range')(numberValue(t, location))),
    fc
      .constantFrom(...OVERFLOWING_INTEGERS)
      .map((t) => of('int-overflow')(numberValue(t, location))),
    fc.constantFrom(...DATE_TIMES_OUT_OF_RANGE, ...DATES_OUT_OF_RANGE).map(of('date-out-of-range')),
    fc.constantFrom(...IMPOSSIBLE_DATES).map(of('impossible-date')),
    fc.constantFrom(...otherTypes(sample)).map(of('wrong-type')),
    fc.constantFrom(...FORGED_CURSORS).map(of('forged-cursor')),
    fc
      .uint8Array({ minLength: 1, maxLength: 48 })
      .map((bytes) => of('forged-cursor')(Buffer.from(bytes).toString('base64url'))),
    fc.constantFrom(...FORGED_TOKENS).map(of('forged-token')),
    fc.constant(of('null')(null)),
    fc.constant(of('missing')(undefined)),
  );

/**
 * One value of each class that concerns this kind of parameter, always tried first: random
 * runs may miss a class, and then a fix could not be told from luck.
 */
export const canonicalValues = (
  kind: FieldKind,
  sample: unknown,
  location: Location,
): Hostile[] => {
  const common: Hostile[] = [
    of('nul')('a\u0000b'),
    of('lone-surrogate')('a\ud800b'),
    of('very-long')('x'.repeat(100_000)),
    of('control-chars')('\u0001\u0007\u001b[31m\u007f'),
    of('unicode-emoji')('😀\u202e\u200b\ufeffÆøå'),
    of('wrong-type')(location === 'body' ? otherTypes(sample)[0] : '{"a":1}'),
    of('missing')(undefined),
    ...(location === 'body' ? [of('null')(null)] : []),
  ];
  const byKind: Record<FieldKind, Hostile[]> = {
    text: [],
    boolean: [],
    date: [
      ...DATES_OUT_OF_RANGE.slice(0, 2).map(of('date-out-of-range')),
      of('impossible-date')('2026-02-30'),
    ],
    'date-time': [
      ...DATE_TIMES_OUT_OF_RANGE.slice(0, 4).map(of('date-out-of-range')),
      of('impossible-date')('2026-02-30T12:00:00Z'),
    ],
    integer: [
      ...['1e309', '-1', '0.5'].map((t) => of('number-out-of-range')(numberValue(t, location))),
      of('negative-zero')(numberValue('-0', location)),
      of('int-overflow')(numberValue(OVERFLOWING_INTEGERS[0]!, location)),
    ],
    cursor: FORGED_CURSORS.slice(0, 6).map(of('forged-cursor')),
    token: FORGED_TOKENS.slice(0, 3).map(of('forged-token')),
  };
  return [...common, ...byKind[kind]];
};

/**
 * Values no request may have accepted: NUL and half a surrogate pair are not text; a JSON value
 * of another type than the field's is not the field; a token that is not the one issued is no
 * token; a date or an integer past what the field holds is not one.
 */
export const mustBeRefused = (
  hostile: Hostile,
  kind: FieldKind,
  location: Location,
  sample: unknown,
): boolean => {
  const { valueClass, value } = hostile;
  if (valueClass === 'nul' || valueClass === 'lone-surrogate') return true;
  if (kind === 'token') return true;
  const given = value !== undefined && value !== null;
  if (location === 'body' && given && jsonTypeOf(value) !== jsonTypeOf(sample)) return true;
  if ((kind === 'date' || kind === 'date-time') && /date/.test(valueClass)) return true;
  // Every integer parameter of these APIs is bounded and at least 0.
  return (
    kind === 'integer' && (valueClass === 'int-overflow' || valueClass === 'number-out-of-range')
  );
};
