import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainRuleError } from '@digital-post/service-kit';
import type { Acting } from '../shared/acting.ts';
import type { RightsSource } from '../shared/mailboxAccess.ts';
import { NotFoundError } from '../shared/errors.ts';
import { openMailboxFixture, type MailboxFixture } from '../testing/index.ts';

const company = 'cvr:12345678';
const clerk: Acting = {
  person: { kind: 'employee', cvr: '12345678', rid: '42' },
  viewingClient: 'e_boks',
};
let fx: MailboxFixture;

beforeAll(async () => {
  // The clerk's right to the company's mailbox, as the access-control service's port gives it.
  const access: RightsSource = {
    rightsOf: async (person) =>
      person.kind === 'employee' && person.rid === '42'
        ? [{ mailboxId: company, right: 'write', endsAt: null }]
        : [],
  };
  fx = await openMailboxFixture({ access });
});
afterAll(() => fx.close());

describe('folders', () => {
  it('lists the system folders with counts, then the folders the user made', async () => {
    await fx.deliver({ recipientMailboxId: company });
    const { folderId } = await fx.mailbox.port.createFolder(clerk, company, 'Skat');
    const folders = await fx.mailbox.port.listFolders(clerk, company);
    expect(folders.map((f) => f.name)).toEqual(['inbox', 'sent', 'archive', 'trash', 'Skat']);
    expect(folders[0]).toMatchObject({ role: 'inbox', total: 1, unread: 1 });
    expect(folders[4]).toMatchObject({ folderId, role: null, total: 0 });
  });

  it('records who made a folder, for whom, without its name', async () => {
    const { folderId } = await fx.mailbox.port.createFolder(clerk, company, 'Moms');
    const event = (await fx.store.readStream(`mailbox-${company}`)).find(
      (e) => e.data && (e.data as { folderId: string }).folderId === folderId,
    )!;
    expect(event.data).toMatchObject({ actorId: 'cvr:12345678:rid:42', onBehalfOf: company });
    expect(JSON.stringify(event)).not.toContain('Moms');
  });

  it('renames, refusing a name the mailbox already has', async () => {
    const { folderId } = await fx.mailbox.port.createFolder(clerk, company, 'Løn');
    await fx.mailbox.port.renameFolder(clerk, company, folderId, 'Lønsedler');
    await expect(fx.mailbox.port.renameFolder(clerk, company, folderId, 'skat')).rejects.toThrow(
      DomainRuleError,
    );
    await expect(fx.mailbox.port.createFolder(clerk, company, 'SKAT')).rejects.toMatchObject({
      rule: 'folder-name-taken',
    });
    const names = (await fx.mailbox.port.listFolders(clerk, company)).map((f) => f.name);
    expect(names).toContain('Lønsedler');
    expect(names.filter((name) => name.toLowerCase() === 'skat')).toHaveLength(1);
  });

  it('deletes only an empty folder', async () => {
    const { folderId } = await fx.mailbox.port.createFolder(clerk, company, 'Kontrakter');
    const messageId = await fx.deliver({ recipientMailboxId: company });
    await fx.mailbox.port.move(clerk, company, messageId, folderId);
    await expect(fx.mailbox.port.deleteFolder(clerk, company, folderId)).rejects.toMatchObject({
      rule: 'folder-not-empty',
    });
    await fx.mailbox.port.move(clerk, company, messageId, 'archive');
    await fx.mailbox.port.deleteFolder(clerk, company, folderId);
    await expect(fx.mailbox.port.renameFolder(clerk, company, folderId, 'X')).rejects.toThrow(
      NotFoundError,
    );
  });
});
