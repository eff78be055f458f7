/**
 * Schema fragments both backends apply (SQLite and PostgreSQL write them the same way).
 */
/** Both backends: an incident's steps after it was opened. */
export const INCIDENT_STEPS = `
  ALTER TABLE incidents ADD COLUMN status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'reported', 'closed'));
  ALTER TABLE incidents ADD COLUMN reported_by TEXT;
  ALTER TABLE incidents ADD COLUMN reported_at TEXT;
  ALTER TABLE incidents ADD COLUMN closed_by TEXT;
  ALTER TABLE incidents ADD COLUMN closed_at TEXT;
  ALTER TABLE incidents ADD COLUMN note TEXT;
`;

/** Both backends: the previous checkpoint's hash and the C2SP signed note of each checkpoint. */
export const CHAINED_CHECKPOINTS = `
  ALTER TABLE checkpoints ADD COLUMN prev TEXT;
  ALTER TABLE checkpoints ADD COLUMN note TEXT;
`;

/** Both backends: the recipient check a disclosure names, at most one event per check. */
export const DISCLOSURE_CHECKS = `
  ALTER TABLE disclosures ADD COLUMN check_id TEXT;
  CREATE UNIQUE INDEX disclosures_check ON disclosures(check_id) WHERE check_id IS NOT NULL;
`;
