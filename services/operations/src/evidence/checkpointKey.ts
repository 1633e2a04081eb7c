import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';

/** The key checkpoints are signed with (Ed25519), and the id a checkpoint names it by. */
export interface CheckpointKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  keyId: string;
}

/** The public key's id: the first 16 hex digits of the SHA-256 of its DER (SPKI) form. */
export const keyIdOf = (publicKey: KeyObject): string =>
  createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);

const keyOf = (privateKey: KeyObject): CheckpointKey => {
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new Error('the checkpoint key is not an Ed25519 key');
  }
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
};

/** A private key from its PEM (PKCS #8), as `openssl genpkey -algorithm ed25519` writes it. */
export const checkpointKeyOf = (pem: string): CheckpointKey => keyOf(createPrivateKey(pem));

export const newCheckpointKey = (): CheckpointKey =>
  keyOf(generateKeyPairSync('ed25519').privateKey);

export const privatePemOf = (key: CheckpointKey): string =>
  key.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;

export const publicPemOf = (publicKey: KeyObject): string =>
  publicKey.export({ type: 'spki', format: 'pem' }) as string;

export const publicKeyOf = (pem: string): KeyObject => {
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 public key');
  return key;
};

export const signed = (payload: string, key: CheckpointKey): string =>
  sign(null, Buffer.from(payload, 'utf8'), key.privateKey).toString('base64');

export const signatureHolds = (payload: string, signature: string, publicKey: KeyObject): boolean =>
  verify(null, Buffer.from(payload, 'utf8'), publicKey, Buffer.from(signature, 'base64'));
