export interface Call {
  token?: string;
  clientToken?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON answer; the assertions check its shape
export interface Answer<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** One request to a public API, as a client would make it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
export const call = async <T = any>(
  base: string,
  method: string,
  path: string,
  { token, clientToken, body, headers = {} }: Call = {},
): Promise<Answer<T>> => {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(token && { authorization: `Bearer ${token}` }),
      ...(clientToken && { 'x-client-token': clientToken }),
      ...(body !== undefined && { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  return {
    status: response.status,
    headers: response.headers,
    body: (type.includes('json') && text ? JSON.parse(text) : text) as T,
  };
};
