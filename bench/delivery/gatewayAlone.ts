import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPlatform } from '@digital-post/platform';
import { testConfig } from '@digital-post/platform/testing';
import type { RunningSystem } from './system.ts';

/**
 * The gateway as its container runs it at scale: alone, reaching the mailbox's, the enrollment
 * service's, access control's and notification's ports in the measured system over HTTP with service tokens.
 */
export const startGatewayAlone = async (
  system: RunningSystem,
): Promise<{ url: string; close(): Promise<void> }> => {
  const internal = system.internal;
  if (!internal) throw new Error('the system serves no ports to other processes');
  const dir = await mkdtemp(join(tmpdir(), 'dp-bench-gateway-'));
  const platform = await startPlatform(
    testConfig(dir, {
      DIGITAL_POST_SERVICES: 'gateway',
      DIGITAL_POST_MAILBOX_URL: internal.url,
      DIGITAL_POST_ENROLLMENT_URL: internal.url,
      DIGITAL_POST_ACCESS_URL: internal.url,
      DIGITAL_POST_NOTIFICATION_URL: internal.url,
      DIGITAL_POST_SERVICE_KEY_FILE: internal.serviceKeyFile,
      DIGITAL_POST_DEV_IDP_KEY_FILE: internal.idpKeyFile,
    }),
  );
  const url = await platform.apps.gateway!.listen({ port: 0, host: '127.0.0.1' });
  return {
    url,
    close: async () => {
      await platform.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
};
