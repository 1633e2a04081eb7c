/** A running system's operator API, with the operator's token. */
export interface ApiSource {
  kind: 'api';
  url: string;
  token: string;
}

/** GETs a JSON answer; a refusal becomes an error saying what the API said. */
export const answerOf = async ({ url, token }: ApiSource, path: string): Promise<unknown> => {
  const answer = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (!answer.ok) {
    const problem = (await answer.json().catch(() => ({}))) as { detail?: string; title?: string };
    throw new Error(
      `the operator API answered ${answer.status}: ${problem.detail ?? problem.title ?? ''}`,
    );
  }
  return answer.json();
};
