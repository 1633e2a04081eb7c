import { waitFor } from '@digital-post/testing';
import { authorityToken, citizenToken, clientToken } from './actors.ts';
import { call } from './http.ts';
import type { RunningSystem } from './system.ts';

/** Sends a letter as the authority and returns the sender API's answer. */
export const send = async (system: RunningSystem, letter: object, authorityId = 'skat') =>
  call(system.senderApi, 'POST', '/v1/messages', {
    token: await authorityToken(system, authorityId),
    body: letter,
  });

/** Polls the letter's status as its sender until one of `statuses` appears in its history. */
export const statusReaches = async (
  system: RunningSystem,
  messageUUID: string,
  ...statuses: string[]
) => {
  const token = await authorityToken(system);
  return waitFor(
    async () => {
      const answer = await call(system.senderApi, 'GET', `/v1/messages/${messageUUID}`, { token });
      const history = (answer.body.history ?? []) as Array<{ status: string }>;
      return history.some((entry) => statuses.includes(entry.status)) && answer.body;
    },
    { timeoutMs: 60_000, message: `status ${statuses.join(' or ')} of ${messageUUID}` },
  );
};

/** A person at one viewing client: the two tokens every gateway request carries. */
export const viewer = async (system: RunningSystem, cpr: string, clientId: string) => {
  const tokens = {
    token: await citizenToken(system, cpr, clientId),
    clientToken: await clientToken(system, clientId),
  };
  const mailbox = `cpr:${cpr}`;
  return {
    mailbox,
    get: (path: string) => call(system.gateway, 'GET', path, tokens),
    post: (path: string, headers: Record<string, string> = {}, body?: unknown) =>
      call(system.gateway, 'POST', path, { ...tokens, headers, body }),
    put: (path: string, body: unknown) => call(system.gateway, 'PUT', path, { ...tokens, body }),
    delete: (path: string) => call(system.gateway, 'DELETE', path, tokens),
    messages: async () =>
      (await call(system.gateway, 'GET', `/v1/mailboxes/${mailbox}/messages`, tokens)).body,
  };
};
