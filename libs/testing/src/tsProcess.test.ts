import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTsProcess } from './tsProcess.ts';

describe('TypeScript script in a process of its own', () => {
  it('reports lines and dies on SIGKILL', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ts-process-'));
    const script = join(dir, 'script.ts');
    await writeFile(
      script,
      `const name: string = process.env.GREETING ?? 'none';
       console.log('READY ' + name);
       setInterval(() => undefined, 1000);`,
    );
    const child = startTsProcess(script, { GREETING: 'hello' });
    expect(await child.waitForLine('READY')).toBe('READY hello');
    await child.kill();
    await expect(child.waitForLine('NEVER')).rejects.toThrow(/exited/);
  });
});
