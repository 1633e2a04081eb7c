import { isoTimestampSchema } from '../avro/logicalTypes.ts';
import type { AvroRecordSchema } from '../avro/schema.ts';
import { defineEvent, type EventData } from '../contract.ts';
import { namespaces } from './shared.ts';

/**
 * The field is `ruleVersion`, not `version`, so it is not mistaken for the
 * version of the event contract. Routing records the rule version it applied
 * (MessageRouted.forwardingRuleVersion), which ties each forwarded letter to
 * the exact rule that moved it.
 */
const ruleFields = [
  { name: 'ruleId', type: 'string' },
  { name: 'ruleVersion', type: 'int' },
  { name: 'mailboxId', type: 'string', doc: 'The organisation mailbox whose post is forwarded.' },
  { name: 'targetMailboxId', type: 'string' },
] as const;

export const forwardingRuleAddedV1 = defineEvent({
  type: 'ForwardingRuleAdded',
  version: 1,
  description: 'An organisation mailbox started forwarding its incoming post to another recipient.',
  schema: {
    type: 'record',
    name: 'ForwardingRuleAdded',
    namespace: namespaces.forwarding,
    fields: [
      ...ruleFields,
      { name: 'addedBy', type: 'string', doc: 'Actor id of the employee who added the rule.' },
      { name: 'addedAt', type: isoTimestampSchema },
    ],
  } as const satisfies AvroRecordSchema,
});

export const forwardingRuleRemovedV1 = defineEvent({
  type: 'ForwardingRuleRemoved',
  version: 1,
  description: 'An organisation mailbox stopped forwarding by a rule.',
  schema: {
    type: 'record',
    name: 'ForwardingRuleRemoved',
    namespace: namespaces.forwarding,
    fields: [
      ...ruleFields,
      { name: 'removedBy', type: 'string', doc: 'Actor id of the employee who removed the rule.' },
      { name: 'removedAt', type: isoTimestampSchema },
    ],
  } as const satisfies AvroRecordSchema,
});

export type ForwardingRuleAdded = EventData<typeof forwardingRuleAddedV1>;
export type ForwardingRuleRemoved = EventData<typeof forwardingRuleRemovedV1>;
