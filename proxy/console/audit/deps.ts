/** What the security screens are given. */
import type { AuditLog } from '../../audit/log';
import type { Keys } from '../../audit/keys';
import type { Verifier } from '../../audit/verify';
import type { Store } from '../../store/types';

export interface AuditConsoleDeps {
  store: Store;
  keys: Keys;
  /** Every public key the log was signed with (after a rotation, the retired ones too). */
  publicKeys?: Verifier[];
  log: AuditLog;
  clock: { now(): Date };
  timeZone: string;
}
