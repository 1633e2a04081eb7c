import { describe, expect, it } from 'vitest';
import { deciderSpec } from '../testing/deciderSpec.ts';
import { DomainRuleError } from './domainRuleError.ts';
import { folderNaming, type FolderEvent } from '../testing/folderNaming.ts';

const spec = deciderSpec(folderNaming);
const created = (folderId: string, name: string): FolderEvent => ({
  type: 'FolderCreated',
  data: { folderId, name },
});

const refusedFor = (rule: string, status: number) => (error: unknown) => {
  expect(error).toBeInstanceOf(DomainRuleError);
  expect(error).toMatchObject({ rule, status });
};

describe('folder naming (a toy decider, given events / when command / then events)', () => {
  it('creates a folder in an empty mailbox', () =>
    spec
      .given([])
      .when({ type: 'CreateFolder', folderId: 'f1', name: 'Tax' })
      .then([created('f1', 'Tax')]));

  it('creating the same folder again changes nothing', () =>
    spec
      .given([created('f1', 'Tax')])
      .when({ type: 'CreateFolder', folderId: 'f1', name: 'Tax' })
      .then([]));

  it('renames a folder', () =>
    spec
      .given([created('f1', 'Tax')])
      .when({ type: 'RenameFolder', folderId: 'f1', name: 'Taxes' })
      .then([{ type: 'FolderRenamed', data: { folderId: 'f1', name: 'Taxes' } }]));

  it('refuses a name another folder has', () =>
    spec
      .given([created('f1', 'Tax'), created('f2', 'Pension')])
      .when({ type: 'RenameFolder', folderId: 'f2', name: 'Tax' })
      .thenThrows(refusedFor('folder-name-taken', 409)));

  it('refuses the name of a system folder, whatever its case', () =>
    spec
      .given([])
      .when({ type: 'CreateFolder', folderId: 'f1', name: 'Inbox' })
      .thenThrows(refusedFor('folder-name-reserved', 422)));

  it('refuses to rename a folder that does not exist', () =>
    spec
      .given([])
      .when({ type: 'RenameFolder', folderId: 'f9', name: 'Tax' })
      .thenThrows(refusedFor('folder-not-found', 409)));
});

describe('DomainRuleError', () => {
  it('takes only kebab-case rule names, since they become problem type URIs', () => {
    expect(() => new DomainRuleError('Folder Name Taken', 'x')).toThrow(TypeError);
  });
});
