import type { Location } from './mutations.ts';
import type { RequestSpec } from './request.ts';

/** One value a request carries: a path or query parameter, a header, or a body field. */
export interface Parameter {
  location: Location;
  /** The parameter's name; for a body field, its JSON pointer. */
  name: string;
  /** Its value in the valid sample. */
  sample: unknown;
}

export const labelOf = ({ location, name }: Parameter): string => `${location}:${name}`;

const escaped = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1');
const unescaped = (token: string) => token.replaceAll('~1', '/').replaceAll('~0', '~');

/**
 * The leaves of a JSON body, by pointer. Of an array only the first element is walked: a
 * batch's or a letter's items share one shape, and the first is where a parser looks first.
 */
const leavesOf = (value: unknown, pointer = ''): Array<[string, unknown]> => {
  if (Array.isArray(value) && value.length > 0) return leavesOf(value[0], `${pointer}/0`);
  if (typeof value === 'object' && value !== null && Object.keys(value).length > 0) {
    return Object.entries(value).flatMap(([key, inner]) =>
      leavesOf(inner, `${pointer}/${escaped(key)}`),
    );
  }
  return [[pointer, value]];
};

export const parametersOf = (spec: RequestSpec): Parameter[] => [
  ...Object.entries(spec.params).map(([name, sample]) => ({
    location: 'path' as const,
    name,
    sample,
  })),
  ...Object.entries(spec.query).map(([name, sample]) => ({
    location: 'query' as const,
    name,
    sample,
  })),
  ...Object.entries(spec.headers).map(([name, sample]) => ({
    location: 'header' as const,
    name,
    sample,
  })),
  ...(spec.body === undefined
    ? []
    : leavesOf(spec.body).map(([name, sample]) => ({ location: 'body' as const, name, sample }))),
];

/** A copy of the body with the field at `pointer` replaced; `undefined` leaves it out. */
const replacedAt = (body: unknown, pointer: string, value: unknown): unknown => {
  if (pointer === '') return value;
  const copy = structuredClone(body) as Record<string, unknown>;
  const tokens = pointer.slice(1).split('/').map(unescaped);
  const last = tokens.pop()!;
  const parent = tokens.reduce<Record<string, unknown>>(
    (node, token) => node[token] as Record<string, unknown>,
    copy,
  );
  if (value === undefined && !Array.isArray(parent)) delete parent[last];
  else parent[last] = value;
  return copy;
};

/** The request with one parameter's value replaced, every other part as the sample has it. */
export const withValue = (spec: RequestSpec, parameter: Parameter, value: unknown): RequestSpec => {
  const { location, name } = parameter;
  if (location === 'body') return { ...spec, body: replacedAt(spec.body, name, value) };
  const part = { path: 'params', query: 'query', header: 'headers' }[location] as
    'params' | 'query' | 'headers';
  return { ...spec, [part]: { ...spec[part], [name]: value } };
};
