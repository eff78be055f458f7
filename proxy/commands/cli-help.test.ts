/** Every command describes itself from the table it parses with. */
import { describe, expect, it } from 'vitest';
import { runDg } from '../../test/helpers/cli';
import { COMMAND_SPECS } from './specs';
import { serveSettings } from '../operations/settings';

describe('disclosure-guard COMMAND --help', () => {
  it.each(Object.keys(COMMAND_SPECS).map((n) => [n]))('%s --help: its usage and every flag it takes, exit 0', async (name) => {
    const r = await runDg([name, '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`disclosure-guard ${name}`);
    for (const flag of Object.keys(COMMAND_SPECS[name as keyof typeof COMMAND_SPECS].flags)) expect(r.out).toContain(`--${flag}`);
  });

  // Found by hand: `serve --help` answered "Unknown option".
  it('serve --help names the flags only the README named, with their environment variables', async () => {
    const r = await runDg(['serve', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/--public-url URL .*DG_PUBLIC_URL/);
    expect(r.out).toMatch(/--file-workers N .*DG_FILE_WORKERS/);
    expect(r.out).toMatch(/--oidc-issuer URL .*DG_OIDC_ISSUER/);
  });

  it('the whole usage lists every form of every command', async () => {
    const r = await runDg(['--help']);
    expect(r.code).toBe(0);
    for (const spec of Object.values(COMMAND_SPECS)) for (const [form] of spec.usage) expect(r.out).toContain(form);
  });

  it('the environment variable a flag names is the one read', () => {
    const s = serveSettings([], { DG_FILE_WORKERS: '3', DG_PUBLIC_URL: 'https://dg.agency.example.gov', DG_CHECK_BURST: '7' });
    expect([s.fileWorkers, s.publicUrl, s.checkBurst]).toEqual([3, 'https://dg.agency.example.gov', 7]);
    // A flag wins over its variable.
    expect(serveSettings(['--file-workers', '2'], { DG_FILE_WORKERS: '3' }).fileWorkers).toBe(2);
  });
});
