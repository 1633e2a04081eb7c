import { describe, expect, it } from 'vitest';
import { deciderSpec } from '@digital-post/service-kit/testing';
import type { RuleFact } from '../invariant/deliveryInvariant.ts';
import type { RouteProposal } from './resolveRoute.ts';
import {
  routingDecider,
  type RecordPrint,
  type Redirect,
  type RouteLetter,
} from './routingDecider.ts';
import type { RoutingEvent } from './routingEvents.ts';

const at = '2024-03-01T10:00:00.000Z';
const spec = deciderSpec(routingDecider);
const hop = {
  fromMailboxId: 'authority:agency',
  ruleId: 'r1',
  ruleVersion: 2,
  toMailboxId: 'cvr:12345678',
};
const ruleFact: RuleFact = {
  ruleId: 'r1',
  ruleVersion: 2,
  mailboxId: 'authority:agency',
  targetMailboxId: 'cvr:12345678',
  validFrom: '2024-01-01T00:00:00.000Z',
  validTo: null,
};

const letter = {
  senderId: 'authority:skat',
  legalNotification: true,
  replyAllowed: false,
  inReplyTo: null,
  doNotDeliverUntil: null,
};

const routeLetter = (proposal: RouteProposal, rules: RuleFact[] = []): RouteLetter => ({
  type: 'RouteLetter',
  messageId: 'm1',
  addresseeMailboxId: 'authority:agency',
  letter,
  proposal,
  rules,
  at,
  release: '2024.03.1',
  maxForwardingChain: 3,
});

const routed = (
  overrides: Partial<Extract<RoutingEvent, { type: 'MessageRouted' }>['data']>,
): RoutingEvent => ({
  type: 'MessageRouted',
  schemaVersion: 5,
  data: {
    messageId: 'm1',
    channel: 'digital',
    recipientMailboxId: 'authority:agency',
    forwardingRuleId: null,
    forwardingRuleVersion: null,
    decidedAt: at,
    routerRelease: '2024.03.1',
    decisionBasis: 'recipient_enrolled',
    // What delivery needs of the letter travels on the decision itself.
    letter,
    caseReference: null,
    ...overrides,
  },
});

const held = (
  overrides: Partial<Extract<RoutingEvent, { type: 'MessageHeld' }>['data']>,
): RoutingEvent => ({
  type: 'MessageHeld',
  schemaVersion: 2,
  data: {
    messageId: 'm1',
    reason: 'delivery_invariant_violated',
    heldUntil: null,
    heldAt: at,
    refusedMailboxId: null,
    forwardingRuleId: null,
    forwardingRuleVersion: null,
    routerRelease: '2024.03.1',
    ...overrides,
  },
});

const direct: RouteProposal = {
  kind: 'deliver',
  delivery: { channel: 'digital', targetMailboxId: 'authority:agency', hops: [] },
  basis: 'recipient_enrolled',
};

const forwarded: RouteProposal = {
  kind: 'deliver',
  delivery: { channel: 'forwarded', targetMailboxId: 'cvr:12345678', hops: [hop] },
  basis: 'forwarding_rule',
};

describe('routing a letter', () => {
  it('routes to the addressee', () => {
    spec
      .given([])
      .when(routeLetter(direct))
      .then([routed({})]);
  });

  it('forwards by a rule, naming it and its version, and records the chain', () => {
    spec
      .given([])
      .when(routeLetter(forwarded, [ruleFact]))
      .then([
        routed({
          channel: 'forwarded',
          recipientMailboxId: 'cvr:12345678',
          forwardingRuleId: 'r1',
          forwardingRuleVersion: 2,
          decisionBasis: 'forwarding_rule',
        }),
        {
          type: 'ForwardingChainFollowed',
          schemaVersion: 1,
          data: { messageId: 'm1', hops: [hop], decidedAt: at },
        },
      ]);
  });

  it('holds instead of forwarding when the facts do not back the rule', () => {
    const inactive = { ...ruleFact, validTo: '2024-02-01T00:00:00.000Z' };
    spec
      .given([])
      .when(routeLetter(forwarded, [inactive]))
      .then([
        held({
          refusedMailboxId: 'cvr:12345678',
          forwardingRuleId: 'r1',
          forwardingRuleVersion: 2,
        }),
      ]);
  });

  it('holds with the resolver reason when it refused', () => {
    const refusal: RouteProposal = { kind: 'refuse', reason: 'forwarding_loop', hops: [hop] };
    spec
      .given([])
      .when(routeLetter(refusal))
      .then([
        held({
          reason: 'forwarding_loop',
          refusedMailboxId: 'cvr:12345678',
          forwardingRuleId: 'r1',
          forwardingRuleVersion: 2,
        }),
      ]);
  });

  it('sends paper post to no mailbox', () => {
    const paper: RouteProposal = {
      kind: 'deliver',
      delivery: { channel: 'paper', targetMailboxId: 'cpr:0101901234', hops: [] },
      basis: 'recipient_exempt',
    };
    const command = { ...routeLetter(paper), addresseeMailboxId: 'cpr:0101901234' };
    spec
      .given([])
      .when(command)
      .then([
        routed({ channel: 'paper', recipientMailboxId: null, decisionBasis: 'recipient_exempt' }),
      ]);
  });

  it('decides a letter once', () => {
    spec
      .given([routed({})])
      .when(routeLetter(forwarded, [ruleFact]))
      .then([]);
    spec
      .given([held({})])
      .when(routeLetter(direct))
      .then([]);
  });
});

describe('redirecting a letter (remediation)', () => {
  const redirect = (proposal: RouteProposal, rules: RuleFact[] = []): Redirect => ({
    type: 'Redirect',
    route: routeLetter(proposal, rules),
    caseReference: 'INC-2021-02',
  });

  it("records this release's decision under the case where the latest differs", () => {
    spec
      .given([routed({})])
      .when(redirect(forwarded, [ruleFact]))
      .then([
        routed({
          channel: 'forwarded',
          recipientMailboxId: 'cvr:12345678',
          forwardingRuleId: 'r1',
          forwardingRuleVersion: 2,
          decisionBasis: 'forwarding_rule',
          caseReference: 'INC-2021-02',
        }),
        {
          type: 'ForwardingChainFollowed',
          schemaVersion: 1,
          data: { messageId: 'm1', hops: [hop], decidedAt: at },
        },
      ]);
  });

  it('changes nothing when asked again, or when the latest decision is already this one', () => {
    const again = routed({
      channel: 'forwarded',
      recipientMailboxId: 'cvr:12345678',
      forwardingRuleId: 'r1',
      caseReference: 'INC-2021-02',
    });
    spec
      .given([routed({}), again])
      .when(redirect(forwarded, [ruleFact]))
      .then([]);
    spec
      .given([routed({})])
      .when(redirect(direct))
      .then([]);
  });

  it('records nothing where this release would hold the letter, or it was never routed', () => {
    const inactive = { ...ruleFact, validTo: '2024-02-01T00:00:00.000Z' };
    spec
      .given([routed({})])
      .when(redirect(forwarded, [inactive]))
      .then([]);
    spec.given([]).when(redirect(direct)).then([]);
  });

  it('routes a letter held by a faulty release', () => {
    spec
      .given([held({})])
      .when(redirect(direct))
      .then([routed({ caseReference: 'INC-2021-02' })]);
  });
});

describe('recording a print', () => {
  const recordPrint: RecordPrint = {
    type: 'RecordPrint',
    messageId: 'm1',
    printed: {
      recipient: { kind: 'cpr', id: '0101901234' },
      printChannel: 'local-file',
      printJobId: 'm1',
      documentDigests: ['ab'.repeat(32)],
      notBefore: null,
      printedAt: at,
    },
  };
  const paper = routed({ channel: 'paper', recipientMailboxId: null });
  const printed: RoutingEvent = {
    type: 'MessagePrinted',
    schemaVersion: 1,
    data: { messageId: 'm1', ...recordPrint.printed },
  };

  it('records the print of a paper letter once', () => {
    spec.given([paper]).when(recordPrint).then([printed]);
    spec.given([paper, printed]).when(recordPrint).then([]);
  });

  it('refuses to record a print of a letter not routed to paper', () => {
    spec
      .given([routed({})])
      .when(recordPrint)
      .thenThrows((error) => expect(error).toMatchObject({ rule: 'not-routed-to-paper' }));
  });
});
