import type { ValidationIssue } from '../problems/problemDetails.ts';
import { problem } from '../problems/problemError.ts';
import type { HttpApp } from './httpApp.ts';

// PostgreSQL refuses NUL in `text` and `jsonb`, and jsonb refuses an escaped UTF-16 half that
// has no other half (JSON.stringify writes one as `\ud800`). Both can arrive in any JSON string
// or percent-encoded path and query: refused here, no route reaches the database with them.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const isStorableText = (text: string): boolean =>
  !text.includes('\u0000') && !LONE_SURROGATE.test(text);

const escape = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1');

/** The JSON pointer of the first key or string in `value` the database cannot store. */
export const unstorableTextIn = (value: unknown, pointer = ''): string | undefined => {
  if (typeof value === 'string') return isStorableText(value) ? undefined : pointer;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, inner] of Object.entries(value)) {
    const at = `${pointer}/${escape(key)}`;
    if (!isStorableText(key)) return at;
    const found = unstorableTextIn(inner, at);
    if (found !== undefined) return found;
  }
  return undefined;
};

/**
 * Whether every part of the query string decodes as UTF-8. Fastify's query parser leaves a
 * part that does not (`%FF`, or `%ED%A0%80`, a UTF-16 half written as bytes) as it came, so a
 * value the client meant as something else would be read as its escape sequence.
 */
const isWellEncodedQuery = (url: string): boolean => {
  const query = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
  try {
    for (const part of query.split(/[&=]/)) decodeURIComponent(part.replaceAll('+', ' '));
    return true;
  } catch {
    return false;
  }
};

const parts = ['params', 'querystring', 'body'] as const;
const valueOf = (request: Record<string, unknown>, part: (typeof parts)[number]) =>
  request[part === 'querystring' ? 'query' : part];

/** Every request's path, query and body checked before validation, for every route alike. */
export const registerStorableTextCheck = (app: HttpApp): void => {
  app.addHook('preValidation', async (request) => {
    if (!isWellEncodedQuery(request.url)) {
      const issue: ValidationIssue = {
        location: 'querystring',
        pointer: '',
        code: 'unreadable_encoding',
        message: 'A part of the query string is not percent-encoded UTF-8',
      };
      throw problem.validation([issue], 'The query string is not readable.');
    }
    for (const location of parts) {
      const pointer = unstorableTextIn(valueOf(request as never, location));
      if (pointer === undefined) continue;
      const issue: ValidationIssue = {
        location,
        pointer,
        code: 'unstorable_text',
        message: 'Holds a NUL character or half of a UTF-16 surrogate pair, which is not text',
      };
      throw problem.validation([issue], 'The request holds characters that are not text.');
    }
  });
};
