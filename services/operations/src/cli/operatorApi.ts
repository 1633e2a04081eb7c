/** A running system's operator API, with the operator's token. */
export interface ApiSource {
  kind: 'api';
  url: string;
  token: string;
}

/** A JSON answer; a refusal becomes an error saying what the API said. */
export const answerOf = async (
  { url, token }: ApiSource,
  path: string,
  body?: object,
): Promise<unknown> => {
  const answer = await fetch(`${url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  if (!answer.ok) {
    const problem = (await answer.json().catch(() => ({}))) as { detail?: string; title?: string };
    throw new Error(
      `the operator API answered ${answer.status}: ${problem.detail ?? problem.title ?? ''}`,
    );
  }
  return answer.json();
};
