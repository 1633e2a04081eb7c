/**
 * Avro namespaces by the service that owns the events. A record's full name is
 * part of its identity in schema resolution, so these never change once used.
 */
export const namespaces = {
  messages: 'dk.digitalpost.messages',
  routing: 'dk.digitalpost.routing',
  forwarding: 'dk.digitalpost.forwarding',
  mailbox: 'dk.digitalpost.mailbox',
  enrollment: 'dk.digitalpost.enrollment',
  access: 'dk.digitalpost.access',
  registers: 'dk.digitalpost.registers',
  contact: 'dk.digitalpost.contact',
  notification: 'dk.digitalpost.notification',
  operations: 'dk.digitalpost.operations',
} as const;

/** How a letter reaches its recipient. */
export const deliveryChannelSchema = {
  type: 'enum',
  name: 'DeliveryChannel',
  symbols: ['digital', 'paper', 'forwarded'],
  doc: 'digital: into the recipient mailbox; paper: printed and posted (fjernprint); forwarded: by an automatic forwarding rule of the recipient organisation.',
} as const;
