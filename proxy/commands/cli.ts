/**
 * The disclosure-guard command (docs/operators.md, "The command").
 *
 *   scan, redact             detection and masking (the CLI contract)
 *   registry, token           the Authorized User Registry and device tokens
 *   verify-log, export-log    the tamper-evident disclosure log
 *   serve | start             the proxy
 *
 * Exit status: 0 done, 1 a check said no, 2 bad input or usage (with the line number for JSONL),
 * 3 a file that cannot be inspected or masked (the reason on stderr).
 */
import { COMMAND_SPECS } from './specs';
import type { CommandName, CommandSpec } from './specs';
import { describeFlags } from './flags';
import type { Io } from './io';
import { UsageError } from '../operations/settings';

export type { Io };
export { UsageError };

/** Two columns: a form of the command, then what it does, wrapped under itself. */
function row(left: string, right: string, width = 41, total = 104): string {
  const words = right.split(' ');
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && width + 2 + line.length + 1 + w.length > total) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  const pad = ' '.repeat(width + 2);
  const first = left.length > width ? `  ${left}\n${pad}` : `  ${left.padEnd(width)}`;
  return first + lines.join(`\n${pad}`);
}

const GROUPS: CommandSpec['group'][] = ['detection', 'registry and devices', 'disclosure log', 'deployment', 'proxy'];

/** The whole command's usage, from the same table the commands parse with. */
function usage(): string {
  const parts = ['usage: disclosure-guard <command> [options]   (disclosure-guard <command> --help: its flags)'];
  for (const group of GROUPS) {
    parts.push('', group);
    for (const spec of Object.values(COMMAND_SPECS) as CommandSpec[]) {
      if (spec.group === group) for (const [form, about] of spec.usage) parts.push(row(form, about));
    }
  }
  parts.push(
    '',
    'Commands that use the store take --db, --database-url, --secrets, --time-zone, --signing-key and',
    '--checkpoint-file (each also from its environment variable). Bad input exits 2 with the line number.',
  );
  return parts.join('\n');
}

/** One command's usage and every flag it takes, with its environment variable. */
function commandHelp(name: CommandName): string {
  const spec: CommandSpec = COMMAND_SPECS[name];
  const parts = ['usage:', ...spec.usage.map(([form, about]) => row(`disclosure-guard ${form}`, about, 60))];
  if (Object.keys(spec.flags).length) parts.push('', 'flags (each also from the environment variable named):', describeFlags(spec.flags));
  if (spec.notes) parts.push('', spec.notes);
  return parts.join('\n');
}

type Command = (args: string[], io: Io) => Promise<number>;

/** One file per command in commands/, loaded when it runs. */
const COMMANDS: Record<CommandName, Command> = {
  scan: async (args, io) => (await import('./scan')).textCommand('scan', args, io),
  redact: async (args, io) => (await import('./scan')).textCommand('redact', args, io),
  registry: async (args, io) => (await import('./registry')).registryCommand(args, io),
  token: async (args, io) => (await import('./token')).tokenCommand(args, io),
  account: async (args, io) => (await import('./account')).accountCommand(args, io),
  optout: async (args, io) => (await import('./optout')).optOutCommand(args, io),
  'verify-log': async (args, io) => (await import('./verify-log')).verifyLogCommand(args, io),
  'export-log': async (args, io) => (await import('./export-log')).exportLogCommand(args, io),
  backup: async (args, io) => (await import('./backup')).backupCommand(args, io),
  restore: async (args, io) => (await import('./restore')).restoreCommand(args, io),
  'rotate-signing-key': async (args, io) => (await import('./rotate-signing-key')).rotateSigningKeyCommand(args, io),
  'package-ext': async (args, io) => (await import('./package-ext')).packageCommand(args, io),
  'deploy-policy': async (args, io) => (await import('./deploy-policy')).deployPolicyCommand(args, io),
  serve: async (args, io) => (await import('./serve')).serveCommand(args, io, { demo: false }),
  start: async (args, io) => (await import('./serve')).serveCommand(args, io, { demo: true }),
};

export async function runCli(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(usage() + '\n');
    return name === undefined ? 2 : 0;
  }
  if (!Object.hasOwn(COMMANDS, name)) {
    io.stderr.write(`disclosure-guard: unknown command "${name}"\n\n${usage()}\n`);
    return 2;
  }
  const command = COMMANDS[name as CommandName];
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(commandHelp(name as CommandName) + '\n');
    return 0;
  }
  try {
    return await command(rest, io);
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`disclosure-guard ${name}: ${(err as Error).message}\n`);
      return 2;
    }
    if ((err as { code?: string }).code === 'ENOENT') {
      io.stderr.write(`disclosure-guard ${name}: ${(err as Error).message}\n`);
      return 2;
    }
    throw err;
  }
}
