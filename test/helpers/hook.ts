import type { RequestGuard } from '../../extension/content/request-guard';

/**
 * The request guard as the page-world hook drives it: every request it lets go is handed to the
 * browser, and the hook says so (a send is logged as gone only then).
 */
export function handedOver(g: RequestGuard): RequestGuard {
  const decide = g.decide.bind(g);
  g.decide = async (req) => {
    const d = await decide(req);
    g.reported(req.id, d.action !== 'block');
    return d;
  };
  return g;
}
