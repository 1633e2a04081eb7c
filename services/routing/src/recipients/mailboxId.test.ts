import { describe, expect, it } from 'vitest';
import { isValidCvr } from '@digital-post/contracts';
import { mayForward, parseMailboxId } from './mailboxId.ts';

describe('mailbox ids', () => {
  it('parses each kind and refuses malformed ids', () => {
    expect(parseMailboxId('cpr:0101901234')).toEqual({ kind: 'cpr', id: '0101901234' });
    expect(parseMailboxId('cvr:12345678')).toEqual({ kind: 'cvr', id: '12345678' });
    expect(parseMailboxId('authority:skat')).toEqual({ kind: 'authority', id: 'skat' });
    expect(parseMailboxId('cvr:1234567')).toBeUndefined();
    expect(parseMailboxId('person:1')).toBeUndefined();
    expect(parseMailboxId('12345678')).toBeUndefined();
    expect(isValidCvr('1234567a')).toBe(false);
  });

  it('lets only organisations forward', () => {
    expect(mayForward('cvr:12345678')).toBe(true);
    expect(mayForward('authority:skat')).toBe(true);
    expect(mayForward('cpr:0101901234')).toBe(false);
  });
});
