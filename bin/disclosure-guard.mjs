#!/usr/bin/env node
// The disclosure-guard command. The sources are TypeScript; tsx compiles them on load.
import { register } from 'tsx/esm/api';

register();
// A reader that went away (`export-log | head -1`): stop quietly with success, as Unix tools do,
// for every command, instead of an unhandled EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}
const { runCli } = await import('../proxy/commands/cli.ts');
process.exitCode = await runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
});
