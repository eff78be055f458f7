/** The demo registry and a device token for Casey, written through the real CLI into the store `store` names (--db or --database-url). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { demoOrganizationsCsv, demoUsersCsv } from '../../proxy/operations/demo';
import { runDg } from './cli';

export async function seedRegistry(dir: string, store: string[], tokenName: string): Promise<string> {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago' }).format(new Date());
  writeFileSync(join(dir, 'orgs.csv'), demoOrganizationsCsv(today));
  writeFileSync(join(dir, 'users.csv'), demoUsersCsv(today));
  expect((await runDg(['registry', 'import-orgs', join(dir, 'orgs.csv'), ...store])).code).toBe(0);
  expect((await runDg(['registry', 'import', join(dir, 'users.csv'), ...store])).code).toBe(0);
  const created = await runDg(['token', 'create', '--user', 'casey.staff@jobs.example.gov', '--name', tokenName, ...store]);
  expect(created.code, created.err).toBe(0);
  const token = created.out.trim();
  expect(token).toMatch(/^dgd_/);
  return token;
}
