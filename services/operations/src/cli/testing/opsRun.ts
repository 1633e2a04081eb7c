import { Writable } from 'node:stream';
import { ops } from '../ops.ts';

/** `pnpm ops …` run here, with what it tells the operator (standard error) caught. */
export const opsRun = async (args: string[]): Promise<{ code: number; told: string }> => {
  let told = '';
  const err = new Writable({
    write(chunk, _encoding, done) {
      told += String(chunk);
      done();
    },
  });
  const code = await ops(args, err as never);
  return { code, told };
};
