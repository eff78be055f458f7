/**
 * The registry page: users, the user and organization forms, organizations. A form's save goes
 * through the registry service, effective at the next recipient check; one that cannot be saved
 * brings this page back (400) with that form keeping what was typed and listing every problem.
 */
import { Hono } from 'hono';
import type { Context } from 'hono';
import { Page } from '../layout';
import type { ConsoleEnv } from '../session';
import { actor } from './deps';
import type { RegistryConsoleDeps } from './deps';
import type { FormState } from './forms';
import { kept, withoutRefused } from './forms';
import { OrgForm, OrgsTable, typedOrg } from './organizations';
import { typedUser, UserForm, userToSave } from './user-form';
import { UsersTable } from './users';

export function registryPageRoutes({ store, registry }: RegistryConsoleDeps) {
  const app = new Hono<ConsoleEnv>();

  async function registryPage(c: Context<ConsoleEnv>, forms: { user?: FormState; org?: FormState } = {}) {
    const users = await store.listUsers();
    const orgs = await store.listOrganizations();
    const today = registry.today();
    return c.html(
      <Page title="Authorized User Registry" account={c.get('account')} csrf={c.get('csrf')}>
        <h2>Users</h2>
        <UsersTable users={users} orgs={orgs} today={today} />
        <h2 id="user-form">Add or change a user</h2>
        <UserForm csrf={c.get('csrf')} values={forms.user?.values ?? {}} problems={forms.user?.problems ?? []} />
        <h2 id="org-form">Add or change an organization</h2>
        <OrgForm csrf={c.get('csrf')} values={forms.org?.values ?? {}} problems={forms.org?.problems ?? []} />
        <h2>Organizations</h2>
        <OrgsTable orgs={orgs} today={today} />
      </Page>,
    );
  }

  app.get('/', (c) => registryPage(c));

  app.post('/users', async (c) => {
    const typed = typedUser(await c.req.parseBody({ all: true }));
    const existing = await store.getUser(typed.typed.email!.toLowerCase());
    return kept(
      c,
      () => registry.saveUser(userToSave(typed, existing), actor(c)),
      (problems) => registryPage(c, { user: { values: withoutRefused(typed.typed, problems), problems } }),
    );
  });

  app.post('/organizations', async (c) => {
    const typed = typedOrg(await c.req.parseBody({ all: true }));
    return kept(
      c,
      () => registry.saveOrganization(typed, actor(c)),
      (problems) => registryPage(c, { org: { values: withoutRefused(typed, problems), problems } }),
    );
  });

  return app;
}
