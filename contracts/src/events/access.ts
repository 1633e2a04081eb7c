import { isoTimestampSchema } from '../avro/logicalTypes.ts';
import { defineEvent, type EventData } from '../contract.ts';
import { namespaces } from './shared.ts';

/**
 * Access for others to a mailbox. A grant covers all post or none, so there is
 * no folder or message field: a subset cannot even be expressed.
 */

export const readAccessGrantedV1 = defineEvent({
  type: 'ReadAccessGranted',
  version: 1,
  description: 'A mailbox owner let another person read, or read and write, all their post.',
  schema: {
    type: 'record',
    name: 'ReadAccessGranted',
    namespace: namespaces.access,
    fields: [
      { name: 'grantId', type: 'string' },
      { name: 'mailboxId', type: 'string', doc: 'The owner mailbox; only its owner grants.' },
      { name: 'granteeId', type: 'string', doc: 'CPR of the person given access.' },
      {
        name: 'scope',
        type: { type: 'enum', name: 'AccessScope', symbols: ['read', 'read_write'] },
        doc: 'read: læseadgang; read_write: fuld adgang, writing on the owner behalf.',
      },
      { name: 'validUntil', type: ['null', isoTimestampSchema], default: null },
      { name: 'grantedAt', type: isoTimestampSchema },
    ],
  },
});

export const readAccessRevokedV1 = defineEvent({
  type: 'ReadAccessRevoked',
  version: 1,
  description: 'A grant of access to a mailbox ended.',
  schema: {
    type: 'record',
    name: 'ReadAccessRevoked',
    namespace: namespaces.access,
    fields: [
      { name: 'grantId', type: 'string' },
      { name: 'mailboxId', type: 'string' },
      { name: 'granteeId', type: 'string' },
      {
        name: 'reason',
        type: {
          type: 'enum',
          name: 'AccessEndReason',
          symbols: ['revoked_by_owner', 'expired', 'owner_deceased'],
        },
      },
      { name: 'revokedAt', type: isoTimestampSchema },
    ],
  },
});

export type ReadAccessGranted = EventData<typeof readAccessGrantedV1>;
export type ReadAccessRevoked = EventData<typeof readAccessRevokedV1>;
