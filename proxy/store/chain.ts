/**
 * The chain as one write transaction sees it: the state is read inside the transaction (after its
 * write lock is held, so another process's appends are included), entries and due checkpoints are
 * written through the transaction's queries, and the state is saved when it grew. Nothing is kept
 * between transactions, so several transactions (and several proxies) never share a stale head.
 */
import { appendToChain, checkpointText, EMPTY_CHAIN, entrySigText, treeRoot } from '../audit/chain';
import type { Keys } from '../audit/keys';
import { checkpointHash, logOrigin, signCheckpointNote } from '../audit/note';
import { insertRows, type Driver, type Param, type Queries, type TxOptions } from './driver';
import type { Checkpoint, LogState } from './types';

export type SigningKeys = Pick<Keys, 'signCheckpoint' | 'keyId' | 'publicKeyPem'>;

export async function loadLogState(q: Queries): Promise<LogState> {
  const saved = await q.get<{ seq: number; head: string; frontier: string }>('SELECT seq, head, frontier FROM log_state WHERE id = 1');
  return saved ? { seq: Number(saved.seq), head: saved.head, frontier: JSON.parse(saved.frontier) } : { ...EMPTY_CHAIN, frontier: [] };
}

export class ChainTx {
  /** Checkpoints signed in this transaction: published once it committed. */
  readonly signed: Checkpoint[] = [];
  private readonly startSeq: number;
  private staged: Param[][] = [];

  private constructor(
    private readonly q: Queries,
    private state: LogState,
    private readonly keys: SigningKeys | undefined,
    private readonly every: number,
  ) {
    this.startSeq = state.seq;
  }

  static async begin(q: Queries, keys: SigningKeys | undefined, every: number): Promise<ChainTx> {
    return new ChainTx(q, await loadLogState(q), keys, every);
  }

  get seq(): number {
    return this.state.seq;
  }

  get head(): string {
    return this.state.head;
  }

  /** Appends one entry (and a checkpoint when one falls due). */
  async append(kind: string, at: string, data: unknown): Promise<{ seq: number; head: string }> {
    const r = await this.stage(kind, at, data);
    await this.flush();
    return r;
  }

  /**
   * Appends one entry in memory, written with the others staged by the next flush (one INSERT per
   * hundred entries); nothing in the transaction may read log_entries before that flush.
   */
  async stage(kind: string, at: string, data: unknown): Promise<{ seq: number; head: string }> {
    const keys = this.writeKeys();
    const next = appendToChain(this.state, kind, at, data);
    this.staged.push([next.seq, kind, at, next.text, next.leaf, next.head, keys.signCheckpoint(entrySigText(next.seq, next.head))]);
    this.state = next.state;
    if (next.seq % this.every === 0) await this.checkpoint(at);
    return { seq: next.seq, head: next.head };
  }

  /** Writes the staged entries. */
  async flush(): Promise<void> {
    const rows = this.staged;
    this.staged = [];
    await insertRows(this.q, 'log_entries', ['seq', 'kind', 'at', 'body', 'leaf', 'head', 'sig'], rows);
  }

  /** Signs a checkpoint of the current head, unless one exists for it (or the chain is empty). */
  async checkpointIfNew(at: string): Promise<Checkpoint | undefined> {
    const last = Number((await this.q.get<{ seq: number | null }>('SELECT MAX(seq) AS seq FROM checkpoints'))?.seq ?? 0);
    if (this.state.seq === 0 || last >= this.state.seq) return undefined;
    return this.checkpoint(at);
  }

  /** Writes what is staged, and saves the state if this transaction appended. */
  async finish(): Promise<void> {
    await this.flush();
    if (this.state.seq === this.startSeq) return;
    await this.q.run(
      'INSERT INTO log_state (id, seq, head, frontier) VALUES (1, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, head = excluded.head, frontier = excluded.frontier',
      [this.state.seq, this.state.head, JSON.stringify(this.state.frontier)],
    );
  }

  /**
   * Signs the current head twice, naming the checkpoint before it: as JSON (checkpointText) and as a
   * C2SP signed note under the log's origin.
   */
  private async checkpoint(at: string): Promise<Checkpoint> {
    const keys = this.writeKeys();
    const origin = logOrigin(await this.firstHead());
    const last = await this.q.get<{ seq: number; root: string; prev: string | null }>('SELECT seq, root, prev FROM checkpoints ORDER BY seq DESC LIMIT 1');
    const prev = last ? checkpointHash({ origin, size: Number(last.seq), root: last.root, prev: last.prev ?? null }) : null;
    const root = treeRoot(this.state.frontier);
    const base = { seq: this.state.seq, head: this.state.head, root, at, keyId: keys.keyId, prev };
    const note = signCheckpointNote({ origin, size: base.seq, root, prev }, keys.publicKeyPem, (text) => keys.signCheckpoint(text));
    const cp: Checkpoint = { ...base, signature: keys.signCheckpoint(checkpointText(base)), note };
    await this.q.run('INSERT INTO checkpoints (seq, head, root, at, key_id, signature, prev, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
      cp.seq,
      cp.head,
      cp.root,
      cp.at,
      cp.keyId,
      cp.signature,
      prev,
      note,
    ]);
    this.signed.push(cp);
    return cp;
  }

  /** The head of entry 1 (the log's origin is made from it), staged in this transaction or written before. */
  private async firstHead(): Promise<string> {
    const staged = this.staged.find((r) => r[0] === 1);
    if (staged) return staged[5] as string;
    const row = await this.q.get<{ head: string }>('SELECT head FROM log_entries WHERE seq = 1');
    if (!row) throw new Error('the log has no first entry to name its checkpoints by');
    return row.head;
  }

  private writeKeys(): SigningKeys {
    if (!this.keys) throw new Error('this store is read-only');
    return this.keys;
  }
}

/** What each area of the store works with. */
export interface StoreContext {
  readonly db: Driver;
  /**
   * The one way the store writes: a write transaction with the chain read inside it, saved when it
   * grew, and the checkpoints it signed published once it committed.
   */
  transact<T>(fn: (q: Queries, chain: ChainTx) => Promise<T>, options?: TxOptions): Promise<T>;
}
