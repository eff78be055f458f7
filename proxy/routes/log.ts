/**
 * GET /api/v1/log/checkpoint and /api/v1/log/verifier-key: the log's newest checkpoint and the key
 * to check it with. Published on purpose, without a token: a checkpoint holds a count, two hashes
 * and a signature, and auditors and witnesses outside the agency keep copies to prove later that
 * the log was not cut or rewritten. The checkpoint is JSON unless asked for as text/plain, which
 * answers the C2SP signed note (c2sp.org/tlog-checkpoint) that transparency tools read.
 */
import { Hono } from 'hono';
import type { Keys } from '../audit/keys';
import { logOrigin, rawEd25519, verifierKey } from '../audit/note';
import { errorBody } from '../http/errors';
import type { Store } from '../store/types';

const TEXT = { 'content-type': 'text/plain; charset=utf-8' };

/** Does the Accept header put text/plain before JSON? (JSON is the default.) */
function wantsText(accept: string | undefined): boolean {
  const types = (accept ?? '').split(',').map((t) => t.split(';')[0]!.trim().toLowerCase());
  const text = types.indexOf('text/plain');
  const json = types.indexOf('application/json');
  return text >= 0 && (json < 0 || text < json);
}

export function logRoutes({ store, keys }: { store: Store; keys: Pick<Keys, 'publicKeyPem'> }) {
  /** The log's verifier key (`<origin>+<key id>+<base64 key>`), named by its first entry. */
  async function currentVerifierKey(): Promise<string | undefined> {
    const first = await store.getEntry(1);
    return first ? verifierKey(logOrigin(first.head), rawEd25519(keys.publicKeyPem)) : undefined;
  }

  return new Hono()
    .get('/log/checkpoint', async (c) => {
      const cp = (await store.checkpoints()).at(-1);
      if (!cp) return c.json(errorBody('not_found', 'no checkpoint has been signed yet'), 404);
      if (wantsText(c.req.header('accept'))) {
        // Notes only go forward: the newest checkpoint has one unless none was signed since the upgrade.
        if (!cp.note) return c.json(errorBody('not_found', 'no checkpoint has been signed as a note yet'), 404);
        return c.body(cp.note, 200, TEXT);
      }
      return c.json({ checkpoint: cp, publicKey: keys.publicKeyPem, verifierKey: await currentVerifierKey() });
    })
    .get('/log/verifier-key', async (c) => {
      const vkey = await currentVerifierKey();
      if (!vkey) return c.json(errorBody('not_found', 'the log has no entry yet'), 404);
      return c.body(vkey + '\n', 200, TEXT);
    });
}
