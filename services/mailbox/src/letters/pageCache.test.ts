import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@digital-post/testing';
import { createMailboxService } from '../mailboxService.ts';
import type { Acting } from '../shared/acting.ts';
import { createChangeNotifier, type ChangeNotifier } from '../sync/changeNotifier.ts';
import { openMailboxFixture, type MailboxFixture } from '../testing/index.ts';
import { createPageCache, type Page } from './pageCache.ts';

const citizen = (cpr: string) => ({
  mailboxId: `cpr:${cpr}`,
  acting: { person: { kind: 'citizen', cpr }, viewingClient: 'mit_dk' } as Acting,
});

let fx: MailboxFixture;
let notifier: ChangeNotifier;
beforeAll(async () => {
  fx = await openMailboxFixture();
  notifier = createChangeNotifier(fx.db, 200);
  await notifier.start();
});
afterAll(async () => {
  await notifier.stop();
  await fx.close();
});

/** Lists until the page comes from memory: the same answer, not a new one read again. */
const listedFromMemory = async (list: () => Promise<Page>): Promise<Page> => {
  let last = await list();
  await waitFor(async () => {
    const next = await list();
    const same = next === last;
    last = next;
    return same;
  });
  return last;
};

describe('listing pages kept in memory', () => {
  it('answers a mailbox listed again unchanged without reading it again', async () => {
    const { mailboxId, acting } = citizen('0101900001');
    await fx.deliver({ recipientMailboxId: mailboxId });
    const list = () => fx.mailbox.port.listMessages(acting, mailboxId, {});
    const page = await listedFromMemory(list);
    expect(page.messages).toHaveLength(1);
    await expect(list()).resolves.toBe(page);
    // Another query of the same mailbox is a page of its own.
    const unread = await fx.mailbox.port.listMessages(acting, mailboxId, { unreadOnly: true });
    expect(unread).not.toBe(page);
  });

  it('shows a person their own change at once, and a letter as soon as it is there', async () => {
    const { mailboxId, acting } = citizen('0101900002');
    const messageId = await fx.deliver({ recipientMailboxId: mailboxId });
    const list = () => fx.mailbox.port.listMessages(acting, mailboxId, {});
    await listedFromMemory(list);
    await fx.mailbox.port.markRead(acting, mailboxId, messageId);
    const afterRead = await list();
    expect(afterRead.messages[0]).toMatchObject({ messageId, read: true });
    await listedFromMemory(list);
    const second = await fx.deliver({ recipientMailboxId: mailboxId });
    const afterDelivery = await list();
    expect(afterDelivery.messages.map((letter) => letter.messageId)).toContain(second);
    expect(Number(afterDelivery.state)).toBeGreaterThan(Number(afterRead.state));
  });

  it('drops a page when another process changes its mailbox', async () => {
    const { mailboxId, acting } = citizen('0101900003');
    const messageId = await fx.deliver({ recipientMailboxId: mailboxId });
    const list = () => fx.mailbox.port.listMessages(acting, mailboxId, {});
    await listedFromMemory(list);
    // A second mailbox process on the same database: its commits reach this one only as
    // notifications.
    const other = createMailboxService({
      store: fx.store,
      db: fx.db,
      bus: fx.bus,
      content: fx.content,
    });
    await other.port.markRead(acting, mailboxId, messageId);
    await waitFor(async () => (await list()).messages[0]!.read, {
      message: 'the other process’s change listed',
    });
  });

  it('does not keep a page read while its mailbox changed', async () => {
    const pages = createPageCache(notifier);
    const page = (state: string): Page => ({ messages: [], nextCursor: null, state });
    let finishRead!: (read: Page) => void;
    const slow = pages.read('cpr:0101900004', {}, () => new Promise((done) => (finishRead = done)));
    pages.changed(['cpr:0101900004']);
    finishRead(page('1'));
    await slow;
    const fresh = page('2');
    await notifier.checked();
    await expect(pages.read('cpr:0101900004', {}, async () => fresh)).resolves.toBe(fresh);
  });

  it('keeps the most recently listed pages, as many as it is given', async () => {
    const pages = createPageCache(notifier, 2);
    let reads = 0;
    const read = async (): Promise<Page> => ({
      messages: [],
      nextCursor: null,
      state: `${++reads}`,
    });
    const list = (mailboxId: string) => pages.read(mailboxId, {}, read);
    await Promise.all(['cpr:0101900005', 'cpr:0101900006', 'cpr:0101900007'].map(list));
    await notifier.checked();
    await notifier.checked();
    const before = reads;
    await list('cpr:0101900006');
    await list('cpr:0101900007');
    expect(reads).toBe(before);
    await list('cpr:0101900005');
    expect(reads).toBe(before + 1);
  });
});
