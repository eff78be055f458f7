/** The disclosure-guard command in-process: exit code, stdout and stderr of one run. */
import { PassThrough, Readable } from 'node:stream';
import { runCli } from '../../proxy/commands/cli';

export async function runDg(args: string[], input = ''): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += String(d)));
  stderr.on('data', (d) => (err += String(d)));
  const code = await runCli(args, { stdin: Readable.from(input ? [input] : []), stdout, stderr });
  await new Promise((r) => setImmediate(r));
  return { code, out, err };
}
