import { connect } from 'node:net';

/**
 * A JSON number exactly as written (`1e309`, `-0`, `99999999999999999999`): JSON.stringify
 * cannot write these, and a parser meets them only when a client sends them as text.
 */
export class RawJson {
  constructor(readonly text: string) {}
}

/** One request to a public front, its parts still separate so one of them can be replaced. */
export interface RequestSpec {
  method: string;
  /** The path as the OpenAPI document names it, with `{name}` for each path parameter. */
  path: string;
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
  body?: unknown;
}

export interface Reply {
  status: number;
  contentType: string;
  text: string;
}

/** What a value reads as outside JSON (a path, a query, a header): its text, else its JSON. */
export const textOf = (value: unknown): string =>
  typeof value === 'string' ? value : value instanceof RawJson ? value.text : jsonText(value);

/** JSON text, with RawJson numbers written as they are and missing (undefined) fields left out. */
export const jsonText = (value: unknown): string => {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map((item) => jsonText(item ?? null)).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const fields = Object.entries(value).filter(([, inner]) => inner !== undefined);
    return `{${fields.map(([key, inner]) => `${JSON.stringify(key)}:${jsonText(inner)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
};

/**
 * UTF-8 as a client would encode any JavaScript string, a lone surrogate included (its three
 * bytes, ED A0 80 for \ud800): the bytes a hostile client can put on the wire.
 */
export const wtf8 = (text: string): Buffer => {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i += 1) {
    const code = text.codePointAt(i)!;
    if (code > 0xffff) i += 1;
    if (code < 0x80) bytes.push(code);
    else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 63));
    else if (code < 0x10000)
      bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
    else
      bytes.push(
        0xf0 | (code >> 18),
        0x80 | ((code >> 12) & 63),
        0x80 | ((code >> 6) & 63),
        0x80 | (code & 63),
      );
  }
  return Buffer.from(bytes);
};

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/** Percent-encoding of every byte but the unreserved ones, so any value stays one segment. */
export const percentEncoded = (text: string): string =>
  [...wtf8(text)]
    .map((byte) => {
      const char = String.fromCharCode(byte);
      return byte < 0x80 && UNRESERVED.test(char) ? char : `%${byte.toString(16).padStart(2, '0')}`;
    })
    .join('');

export const urlPathOf = (spec: RequestSpec): string => {
  const path = spec.path.replace(/\{(\w+)\}/g, (_, name: string) =>
    spec.params[name] === undefined ? '' : percentEncoded(textOf(spec.params[name])),
  );
  const query = Object.entries(spec.query)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${name}=${percentEncoded(textOf(value))}`);
  return query.length === 0 ? path : `${path}?${query.join('&')}`;
};

/** Header values as bytes: the UTF-8 of the text, each byte one latin1 character. */
const headerValuesOf = (spec: RequestSpec): Record<string, string> => {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(spec.headers)) {
    if (value !== undefined) headers[name] = wtf8(textOf(value)).toString('latin1');
  }
  if (spec.body !== undefined) headers['content-type'] ??= 'application/json';
  return headers;
};

const ANSWER_TIMEOUT_MS = 60_000;

const hasControlCharacters = (value: string): boolean =>
  [...value].some((char) => {
    const code = char.charCodeAt(0);
    return (code < 0x20 && char !== '\t') || code === 0x7f;
  });

/** Sends the request over real HTTP; a stream (server-sent events) is read to its headers only. */
export const send = async (base: string, spec: RequestSpec): Promise<Reply> => {
  const headers = headerValuesOf(spec);
  const body = spec.body === undefined ? undefined : wtf8(jsonText(spec.body));
  // fetch refuses to send control characters in a header; a hostile client writes them anyway.
  if (Object.values(headers).some(hasControlCharacters)) {
    return sendRaw(base, spec.method, urlPathOf(spec), headers, body);
  }
  let response: Response;
  try {
    response = await fetch(`${base}${urlPathOf(spec)}`, {
      method: spec.method,
      headers,
      ...(body && { body }),
      signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS),
    });
  } catch (error) {
    // Anything else fetch will not send (it fails as 'fetch failed' once it has sent).
    if (!(error instanceof TypeError) || error.message === 'fetch failed') throw error;
    return sendRaw(base, spec.method, urlPathOf(spec), headers, body);
  }
  const contentType = response.headers.get('content-type') ?? '';
  if (contentType.startsWith('text/event-stream')) {
    await response.body?.cancel();
    return { status: response.status, contentType, text: '' };
  }
  return { status: response.status, contentType, text: await response.text() };
};

/** HTTP/1.1 written byte by byte on a socket, for what fetch will not send. */
const sendRaw = (
  base: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body: Buffer | undefined,
): Promise<Reply> => {
  const { hostname, port } = new URL(base);
  const lines = [`${method} ${path} HTTP/1.1`, `host: ${hostname}:${port}`, 'connection: close'];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  if (body) lines.push(`content-length: ${body.length}`);
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    socket.setTimeout(ANSWER_TIMEOUT_MS, () => socket.destroy(new Error('no answer in time')));
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      // A stream of events never ends: its headers are the answer.
      if (/\r\ncontent-type: text\/event-stream/i.test(Buffer.concat(chunks).toString('latin1')))
        socket.destroy();
    });
    let failure: Error | undefined;
    socket.on('error', (error) => (failure = error));
    socket.on('close', () => {
      const reply = parseRawReply(Buffer.concat(chunks));
      if (reply) resolve(reply);
      else reject(failure ?? new Error('the connection closed without an answer'));
    });
    // `connection: close`: the server closes once it has answered, perhaps before reading the
    // whole body; the answer is what counts.
    socket.write(body ? Buffer.concat([head, body]) : head);
  });
};

const parseRawReply = (bytes: Buffer): Reply | undefined => {
  const end = bytes.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine, ...headerLines] = bytes.subarray(0, end).toString('latin1').split('\r\n');
  const header = (name: string) =>
    headerLines
      .find((line) => line.toLowerCase().startsWith(`${name}:`))
      ?.slice(name.length + 1)
      .trim();
  const rest = bytes.subarray(end + 4);
  const text = header('transfer-encoding') === 'chunked' ? unchunked(rest) : rest.toString('utf8');
  return {
    status: Number(statusLine!.split(' ')[1]),
    contentType: header('content-type') ?? '',
    text,
  };
};

const unchunked = (bytes: Buffer): string => {
  const parts: Buffer[] = [];
  for (let at = 0; at < bytes.length;) {
    const lineEnd = bytes.indexOf('\r\n', at);
    const size = parseInt(bytes.subarray(at, lineEnd).toString('latin1'), 16);
    if (!(size > 0)) break;
    parts.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts).toString('utf8');
};
