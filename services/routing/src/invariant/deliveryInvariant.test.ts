import { describe, expect, it } from 'vitest';
import {
  checkDeliveryInvariant,
  type ForwardingHop,
  type InvariantInput,
  type RuleFact,
} from './deliveryInvariant.ts';

const agency = 'authority:agency';
const provider = 'cvr:12345678';
const subProvider = 'cvr:87654321';
const citizen = 'cpr:0101901234';
const at = '2021-02-09T10:00:00.000Z';

const fact = (overrides: Partial<RuleFact> = {}): RuleFact => ({
  ruleId: 'rule-1',
  ruleVersion: 1,
  mailboxId: agency,
  targetMailboxId: provider,
  validFrom: '2021-01-01T00:00:00.000Z',
  validTo: null,
  ...overrides,
});

const hop = (overrides: Partial<ForwardingHop> = {}): ForwardingHop => ({
  fromMailboxId: agency,
  ruleId: 'rule-1',
  ruleVersion: 1,
  toMailboxId: provider,
  ...overrides,
});

const check = (overrides: Partial<InvariantInput>) =>
  checkDeliveryInvariant({
    addresseeMailboxId: agency,
    delivery: { channel: 'digital', targetMailboxId: agency, hops: [] },
    rules: [fact()],
    at,
    maxForwardingChain: 3,
    ...overrides,
  });

const forwarded = (targetMailboxId: string, hops: ForwardingHop[]) => ({
  delivery: { channel: 'forwarded' as const, targetMailboxId, hops },
});

describe('the delivery invariant', () => {
  it('holds for delivery to the addressee, digital or on paper', () => {
    expect(check({})).toEqual({ holds: true });
    expect(
      check({
        addresseeMailboxId: citizen,
        delivery: { channel: 'paper', targetMailboxId: citizen, hops: [] },
      }),
    ).toEqual({ holds: true });
  });

  it('holds for the target of a rule the addressee owned and had active', () => {
    expect(check(forwarded(provider, [hop()]))).toEqual({ holds: true });
  });

  it('holds along a chain of active rules, each owned by the previous target', () => {
    const second = fact({ ruleId: 'rule-2', mailboxId: provider, targetMailboxId: subProvider });
    const chain = [
      hop(),
      hop({ ruleId: 'rule-2', fromMailboxId: provider, toMailboxId: subProvider }),
    ];
    expect(check({ ...forwarded(subProvider, chain), rules: [fact(), second] })).toEqual({
      holds: true,
    });
  });

  it('refuses a target that is neither the addressee nor a rule target', () => {
    const wrong = check({ delivery: { channel: 'digital', targetMailboxId: provider, hops: [] } });
    expect(wrong).toMatchObject({ holds: false, violation: 'wrong_target' });
    const past = check(forwarded(subProvider, [hop()]));
    expect(past).toMatchObject({ holds: false, violation: 'wrong_target' });
  });

  it('refuses paper post to anyone but the addressee', () => {
    const verdict = check({
      addresseeMailboxId: citizen,
      delivery: { channel: 'paper', targetMailboxId: 'cpr:0202901234', hops: [] },
    });
    expect(verdict).toMatchObject({ holds: false, violation: 'wrong_target' });
  });

  it('refuses a rule that was not active at the moment of the decision', () => {
    const removed = fact({ validTo: '2021-02-09T09:59:59.999Z' });
    expect(check({ ...forwarded(provider, [hop()]), rules: [removed] })).toMatchObject({
      holds: false,
      violation: 'rule_inactive',
    });
    const notYet = fact({ validFrom: '2021-02-09T10:00:00.001Z' });
    expect(check({ ...forwarded(provider, [hop()]), rules: [notYet] })).toMatchObject({
      violation: 'rule_inactive',
    });
    const endsNow = fact({ validTo: at });
    expect(check({ ...forwarded(provider, [hop()]), rules: [endsNow] })).toMatchObject({
      violation: 'rule_inactive',
    });
  });

  it('refuses a rule of someone else, even one naming the same target', () => {
    const othersRule = fact({ mailboxId: 'authority:other-agency' });
    expect(check({ ...forwarded(provider, [hop()]), rules: [othersRule] })).toMatchObject({
      holds: false,
      violation: 'rule_not_owned',
      hop: hop(),
    });
  });

  it('refuses a rule version or target the facts do not know', () => {
    const v2 = hop({ ruleVersion: 2 });
    expect(check(forwarded(provider, [v2]))).toMatchObject({ violation: 'rule_unknown' });
    const elsewhere = hop({ toMailboxId: subProvider });
    expect(check(forwarded(subProvider, [elsewhere]))).toMatchObject({
      violation: 'rule_target_mismatch',
    });
  });

  it('refuses a chain whose hop does not start where the last one ended', () => {
    const second = fact({
      ruleId: 'rule-2',
      mailboxId: subProvider,
      targetMailboxId: 'cvr:11112222',
    });
    const chain = [
      hop(),
      hop({ ruleId: 'rule-2', fromMailboxId: subProvider, toMailboxId: 'cvr:11112222' }),
    ];
    expect(check({ ...forwarded('cvr:11112222', chain), rules: [fact(), second] })).toMatchObject({
      violation: 'broken_chain',
    });
  });

  it('refuses forwarding of a citizen post', () => {
    const citizensRule = fact({ mailboxId: citizen });
    const verdict = check({
      addresseeMailboxId: citizen,
      ...forwarded(provider, [hop({ fromMailboxId: citizen })]),
      rules: [citizensRule],
    });
    expect(verdict).toMatchObject({ violation: 'owner_cannot_forward' });
  });

  it('refuses a loop, including one back to the addressee', () => {
    const back = fact({ ruleId: 'rule-2', mailboxId: provider, targetMailboxId: agency });
    const chain = [hop(), hop({ ruleId: 'rule-2', fromMailboxId: provider, toMailboxId: agency })];
    expect(check({ ...forwarded(agency, chain), rules: [fact(), back] })).toMatchObject({
      holds: false,
      violation: 'forwarding_loop',
    });
  });

  it('refuses a chain longer than the limit, even of valid rules', () => {
    const second = fact({ ruleId: 'rule-2', mailboxId: provider, targetMailboxId: subProvider });
    const chain = [
      hop(),
      hop({ ruleId: 'rule-2', fromMailboxId: provider, toMailboxId: subProvider }),
    ];
    const input = { ...forwarded(subProvider, chain), rules: [fact(), second] };
    expect(check({ ...input, maxForwardingChain: 1 })).toMatchObject({
      violation: 'chain_too_long',
    });
    expect(check({ ...input, maxForwardingChain: 2 })).toEqual({ holds: true });
  });

  it('refuses paper post for an authority, which always has a mailbox', () => {
    const paper = { channel: 'paper' as const, targetMailboxId: agency, hops: [] };
    expect(check({ delivery: paper })).toMatchObject({ violation: 'paper_to_authority' });
  });

  it('refuses a channel that contradicts the hops', () => {
    const digitalWithHops = {
      channel: 'digital' as const,
      targetMailboxId: provider,
      hops: [hop()],
    };
    expect(check({ delivery: digitalWithHops })).toMatchObject({ violation: 'channel_mismatch' });
    const paperWithHops = { channel: 'paper' as const, targetMailboxId: provider, hops: [hop()] };
    expect(check({ delivery: paperWithHops })).toMatchObject({ violation: 'channel_mismatch' });
    const forwardedWithout = { channel: 'forwarded' as const, targetMailboxId: agency, hops: [] };
    expect(check({ delivery: forwardedWithout })).toMatchObject({ violation: 'channel_mismatch' });
  });
});
