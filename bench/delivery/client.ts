import { writeRegisterBatch, type RegisterEvent } from '@digital-post/enrollment';
import { waitFor } from '@digital-post/testing';
import type { RunningSystem } from './system.ts';

export interface Tokens {
  token?: string;
  clientToken?: string;
}

/** One JSON request to a public API, as a client makes it; refuses any answer but 2xx. */
export const call = async <T>(
  base: string,
  method: string,
  path: string,
  { token, clientToken, body }: Tokens & { body?: unknown } = {},
): Promise<T> => {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(token && { authorization: `Bearer ${token}` }),
      ...(clientToken && { 'x-client-token': clientToken }),
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
};

/** Tokens from the development issuer on the operations front, as the README shows. */
export const tokenFor = async (system: RunningSystem, principal: object): Promise<string> =>
  (await call<{ token: string }>(system.operations, 'POST', '/dev/tokens', { body: principal }))
    .token;

export const authorityToken = (system: RunningSystem) =>
  tokenFor(system, { kind: 'authority-system', authorityId: 'skat', systemId: 'letters' });

/** The two tokens every gateway request carries: the citizen's and the viewing client's. */
export const viewerTokens = async (system: RunningSystem, cpr: string): Promise<Tokens> => ({
  token: await tokenFor(system, { kind: 'citizen', cpr, clientId: 'e-boks' }),
  clientToken: await tokenFor(system, { kind: 'viewing-client', clientId: 'e-boks' }),
});

/** Distinct valid CPR numbers: a real date (DDMMYY) and a 7th digit of 1, so born in the 1900s. */
export const cprNumbers = (count: number): string[] =>
  Array.from({ length: count }, (_, i) => {
    const day = String(1 + (i % 28)).padStart(2, '0');
    const month = String(1 + (Math.floor(i / 28) % 12)).padStart(2, '0');
    return `${day}${month}80${String(1000 + i).padStart(4, '0')}`;
  });

/**
 * Enrolls every citizen as production does: one population-register batch reporting them born
 * (on the date their CPR number says, in Denmark), read by the enrollment service from the
 * system's register feed. Then waits until the sender API reaches each digitally. More than 100
 * citizens in one batch within the hour trip the enrollment service's mass-change breaker
 * (`DIGITAL_POST_BREAKER_MIN_CHANGES`), which holds the rest for an operator.
 */
export const enrollAll = async (
  system: RunningSystem,
  cprs: string[],
  batch = 'bench-citizens',
): Promise<void> => {
  const born = (cpr: string): RegisterEvent => ({
    id: `bench-${cpr}`,
    register: 'population',
    type: 'born',
    cpr,
    birthDate: `19${cpr.slice(4, 6)}-${cpr.slice(2, 4)}-${cpr.slice(0, 2)}`,
    residenceCountry: 'DK',
  });
  await writeRegisterBatch(system.registerFeedDir, batch, cprs.map(born));
  const token = await authorityToken(system);
  for (const cpr of cprs) {
    await waitFor(
      async () =>
        (
          await call<{ channel: string }>(system.senderApi, 'GET', `/v1/reachability/cpr/${cpr}`, {
            token,
          })
        ).channel === 'digital',
      { timeoutMs: 60_000, message: `cpr ${cpr} reachable digitally` },
    );
  }
};
