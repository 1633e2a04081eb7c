import { personIdOf } from '@digital-post/contracts';

/**
 * Who a verified token speaks for. The subject claim carries it in one of six shapes, so a
 * token can never be read as another kind than it was issued for.
 */
export type Principal =
  | { kind: 'citizen'; cpr: string }
  | { kind: 'employee'; cvr: string; rid: string }
  | { kind: 'authority-system'; authorityId: string; systemId: string }
  | { kind: 'viewing-client'; clientId: string }
  /** Staff of the platform's operator, for the operations API (enrollment, forwarding, held post). */
  | { kind: 'operator'; operatorId: string }
  /** One of the platform's own services, calling another's port between processes. */
  | { kind: 'service'; service: string };

export type PrincipalKind = Principal['kind'];

export const subjectOf = (principal: Principal): string => {
  switch (principal.kind) {
    case 'citizen':
    case 'employee':
      // As the event log names an actor: one rule, the contracts'.
      return personIdOf(principal);
    case 'authority-system':
      return `authority:${principal.authorityId}:system:${principal.systemId}`;
    case 'viewing-client':
      return `client:${principal.clientId}`;
    case 'operator':
      return `operator:${principal.operatorId}`;
    case 'service':
      return `service:${principal.service}`;
  }
};

// Ids are kept to a safe alphabet: a colon inside an id would make a subject ambiguous.
const ID = '([A-Za-z0-9._-]{1,128})';
const subjectShapes: Array<[RegExp, (groups: string[]) => Principal]> = [
  [/^cpr:(\d{10})$/, ([cpr]) => ({ kind: 'citizen', cpr: cpr! })],
  [/^cvr:(\d{8}):rid:(\d{1,16})$/, ([cvr, rid]) => ({ kind: 'employee', cvr: cvr!, rid: rid! })],
  [
    new RegExp(`^authority:${ID}:system:${ID}$`),
    ([authorityId, systemId]) => ({
      kind: 'authority-system',
      authorityId: authorityId!,
      systemId: systemId!,
    }),
  ],
  [new RegExp(`^client:${ID}$`), ([clientId]) => ({ kind: 'viewing-client', clientId: clientId! })],
  [
    new RegExp(`^operator:${ID}$`),
    ([operatorId]) => ({ kind: 'operator', operatorId: operatorId! }),
  ],
  [new RegExp(`^service:${ID}$`), ([service]) => ({ kind: 'service', service: service! })],
];

/** The principal a subject names, or undefined when it has none of the six shapes. */
export const principalFromSubject = (subject: string): Principal | undefined => {
  for (const [shape, toPrincipal] of subjectShapes) {
    const match = shape.exec(subject);
    if (match) return toPrincipal(match.slice(1));
  }
  return undefined;
};
