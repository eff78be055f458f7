/** The console's page shell: navigation for the signed-in role, sign-out, and a plain style. */
import type { Child } from 'hono/jsx';
import type { Account } from '../store/types';

const STYLE = `
body { font: 14px system-ui, sans-serif; margin: 0; color: #1b1b1b; background: #fafafa; }
header { background: #12355b; color: #fff; padding: 10px 20px; display: flex; gap: 18px; align-items: center; }
header a { color: #fff; text-decoration: none; } header .who { margin-left: auto; font-size: 13px; }
header form { display: inline; } header button { background: none; border: 1px solid #fff; color: #fff; border-radius: 4px; cursor: pointer; }
main { padding: 16px 20px; max-width: 1200px; }
h1 { font-size: 20px; } h2 { font-size: 16px; margin-top: 24px; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid #e3e3e3; vertical-align: top; font-size: 13px; }
th { background: #f0f3f7; }
form.inline { display: inline; }
label { display: block; margin: 6px 0 2px; font-weight: 600; }
input, select, textarea { font: inherit; padding: 4px 6px; }
textarea { width: 100%; min-height: 60px; }
button { font: inherit; padding: 4px 10px; border-radius: 4px; border: 1px solid #888; background: #f4f4f4; cursor: pointer; }
button.primary { background: #0b57d0; color: #fff; border-color: #0b57d0; }
.filters { display: flex; flex-wrap: wrap; gap: 8px; align-items: end; background: #fff; padding: 10px; border: 1px solid #e3e3e3; }
.filters label { font-weight: normal; font-size: 12px; }
.ok { color: #146c2e; } .bad { color: #b3261e; } .muted { color: #666; }
.error-list { background: #fdecea; border: 1px solid #f5c2c0; padding: 8px 12px; }
.card { background: #fff; border: 1px solid #e3e3e3; padding: 10px 14px; margin: 10px 0; }
tr.overdue td { background: #fdecea; }
`;

const NAV: Record<Account['role'], Array<[string, string]>> = {
  supervisor: [['/console/reviews', 'Review queue']],
  security: [
    ['/console/log', 'Disclosure log'],
    ['/console/incidents', 'Breach incidents'],
    ['/console/chain', 'Chain status'],
  ],
  custodian: [
    ['/console/registry', 'Registry'],
    ['/console/registry/renewals', 'Renewals due'],
    ['/console/registry/import', 'Import CSV'],
    ['/console/registry/import/opt-outs', 'Opted-out job seekers'],
  ],
  admin: [],
};
NAV.admin = [...NAV.supervisor, ...NAV.security, ...NAV.custodian];

export function Page(props: { title: string; account?: Account; csrf?: string; children?: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title} · Disclosure Guard</title>
        <style>{STYLE}</style>
      </head>
      <body>
        <header>
          <strong>Disclosure Guard</strong>
          {props.account && NAV[props.account.role].map(([href, label]) => <a href={href}>{label}</a>)}
          {props.account && (
            <span class="who">
              {props.account.email} ({props.account.role}){' '}
              <form class="inline" method="post" action="/console/logout">
                <input type="hidden" name="_csrf" value={props.csrf} />
                <button type="submit">Sign out</button>
              </form>
            </span>
          )}
        </header>
        <main>
          <h1>{props.title}</h1>
          {props.children}
        </main>
      </body>
    </html>
  );
}

export function Csrf({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}
