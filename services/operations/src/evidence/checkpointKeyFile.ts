import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  checkpointKeyOf,
  newCheckpointKey,
  privatePemOf,
  publicPemOf,
  type CheckpointKey,
} from './checkpointKey.ts';

const readPem = async (file: string): Promise<string | undefined> => {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
};

/** Where the public key is written beside the private one, for whoever checks the proofs. */
export const publicKeyFileOf = (keyFile: string): string =>
  keyFile.replace(/(\.pem)?$/, '.pub.pem');

/**
 * The checkpoint signing key from its file (PKCS #8 PEM, Ed25519), created on first start when
 * absent (mode 0600), with its public key written beside it. Two processes starting at once keep
 * the first one's key.
 */
export const loadOrCreateCheckpointKey = async (keyFile: string): Promise<CheckpointKey> => {
  const existing = await readPem(keyFile);
  if (existing) return checkpointKeyOf(existing);
  const created = newCheckpointKey();
  await mkdir(dirname(keyFile), { recursive: true });
  try {
    await writeFile(keyFile, privatePemOf(created), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return checkpointKeyOf((await readPem(keyFile))!);
  }
  await writeFile(publicKeyFileOf(keyFile), publicPemOf(created.publicKey));
  return created;
};
