import { CHAINED_CHECKPOINTS, DISCLOSURE_CHECKS, INCIDENT_STEPS } from './shared';

/**
 * Schema versions, applied in order at start, each once, each in a transaction. Migrations only
 * ever add: a released migration is never edited or removed.
 */
export const MIGRATIONS: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  {
    version: 1,
    name: 'registry, devices and the disclosure log',
    sql: `
      CREATE TABLE organizations (
        name TEXT PRIMARY KEY,
        type TEXT NOT NULL CHECK (type IN ('state_agency', 'lwdb', 'partner', 'contractor')),
        agreement_effective_on TEXT,
        agreement_expires_on TEXT,
        categories TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL,
        last_changed_by TEXT
      );
      CREATE TABLE users (
        email TEXT PRIMARY KEY,
        full_name TEXT NOT NULL,
        organization TEXT NOT NULL REFERENCES organizations(name),
        worksite TEXT NOT NULL DEFAULT '',
        categories TEXT NOT NULL DEFAULT '',
        training_completed_on TEXT,
        training_score INTEGER,
        attestation_signed_on TEXT,
        status TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'separated')),
        separated_on TEXT,
        supervisor_email TEXT,
        aliases TEXT NOT NULL DEFAULT '[]',
        fax TEXT NOT NULL DEFAULT '[]',
        updated_at TEXT NOT NULL,
        last_changed_by TEXT
      );
      CREATE TABLE user_addresses (
        address TEXT PRIMARY KEY,
        email TEXT NOT NULL REFERENCES users(email) ON DELETE CASCADE
      );
      CREATE INDEX user_addresses_email ON user_addresses(email);
      CREATE TABLE devices (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        revoked_at TEXT
      );
      CREATE TABLE log_entries (
        seq INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        at TEXT NOT NULL,
        body TEXT NOT NULL,
        leaf TEXT NOT NULL,
        head TEXT NOT NULL
      );
      -- Append-only: the chain and checkpoints detect tampering; these triggers refuse the easy kind.
      CREATE TRIGGER log_entries_no_update BEFORE UPDATE ON log_entries
        BEGIN SELECT RAISE(ABORT, 'the disclosure log is append-only'); END;
      CREATE TRIGGER log_entries_no_delete BEFORE DELETE ON log_entries
        BEGIN SELECT RAISE(ABORT, 'the disclosure log is append-only'); END;
      CREATE TABLE log_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        seq INTEGER NOT NULL,
        head TEXT NOT NULL,
        frontier TEXT NOT NULL
      );
      CREATE TABLE checkpoints (
        seq INTEGER PRIMARY KEY,
        head TEXT NOT NULL,
        root TEXT NOT NULL,
        at TEXT NOT NULL,
        key_id TEXT NOT NULL,
        signature TEXT NOT NULL
      );
      CREATE TABLE disclosures (
        client_event_id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL UNIQUE,
        request_hash TEXT NOT NULL,
        device TEXT NOT NULL,
        sender TEXT NOT NULL,
        site TEXT NOT NULL,
        channel TEXT NOT NULL,
        decision TEXT NOT NULL,
        occurred_at TEXT NOT NULL
      );
      CREATE INDEX disclosures_occurred_at ON disclosures(occurred_at);
      CREATE TABLE fingerprints (
        fingerprint TEXT NOT NULL,
        seq INTEGER NOT NULL,
        PRIMARY KEY (fingerprint, seq)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    name: 'supervisor review requests',
    sql: `
      CREATE TABLE reviews (
        id TEXT PRIMARY KEY,
        event_id TEXT NOT NULL,
        requested_by TEXT NOT NULL,
        device TEXT NOT NULL,
        justification TEXT NOT NULL,
        recipients TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'denied', 'breach')),
        created_at TEXT NOT NULL,
        seq INTEGER NOT NULL
      );
      CREATE INDEX reviews_event ON reviews(event_id);
      CREATE INDEX reviews_status ON reviews(status);
    `,
  },
  {
    version: 3,
    name: 'console accounts and sessions, review decisions and releases, breach incidents',
    sql: `
      CREATE TABLE accounts (
        email TEXT PRIMARY KEY,
        role TEXT NOT NULL CHECK (role IN ('supervisor', 'security', 'custodian', 'admin')),
        password_hash TEXT NOT NULL,
        failed_count INTEGER NOT NULL DEFAULT 0,
        locked_until TEXT,
        created_at TEXT NOT NULL
      );
      CREATE TABLE sessions (
        id_hash TEXT PRIMARY KEY,
        email TEXT NOT NULL REFERENCES accounts(email),
        csrf TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        revoked_at TEXT
      );
      ALTER TABLE reviews ADD COLUMN content_hash TEXT;
      ALTER TABLE reviews ADD COLUMN decided_by TEXT;
      ALTER TABLE reviews ADD COLUMN decided_at TEXT;
      ALTER TABLE reviews ADD COLUMN decision_reason TEXT;
      ALTER TABLE reviews ADD COLUMN release_expires_at TEXT;
      ALTER TABLE reviews ADD COLUMN release_redeemed_at TEXT;
      CREATE TABLE incidents (
        id TEXT PRIMARY KEY,
        review_id TEXT NOT NULL,
        event_id TEXT NOT NULL,
        opened_by TEXT NOT NULL,
        opened_at TEXT NOT NULL,
        report_due_on TEXT NOT NULL,
        reason TEXT NOT NULL,
        seq INTEGER NOT NULL
      );
    `,
  },
  {
    version: 4,
    name: 'devices belong to a person, signed entries, sign-in throttling, opted-out job seekers',
    sql: `
      ALTER TABLE devices ADD COLUMN user_email TEXT;
      CREATE INDEX devices_user ON devices(user_email);
      -- Each entry's head signed with the checkpoint key: the first entry an attacker rewrote is named.
      ALTER TABLE log_entries ADD COLUMN sig TEXT;
      CREATE TABLE log_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      INSERT INTO log_meta (key, value) SELECT 'signed_from', CAST(COALESCE(MAX(seq), 0) + 1 AS TEXT) FROM log_entries;
      -- Failed sign-ins by a keyed fingerprint of the typed email: known and unknown accounts alike.
      CREATE TABLE signin_throttle (
        key TEXT PRIMARY KEY,
        failed_count INTEGER NOT NULL DEFAULT 0,
        locked_until TEXT
      );
      ALTER TABLE accounts ADD COLUMN disabled_at TEXT;
      CREATE TABLE opted_out (
        fingerprint TEXT PRIMARY KEY,
        added_at TEXT NOT NULL,
        added_by TEXT NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 5,
    name: 'fingerprints found by entry (verify-log reads them in windows of seq)',
    sql: `CREATE INDEX fingerprints_seq ON fingerprints(seq);`,
  },
  {
    version: 6,
    name: 'breach incidents go from open to reported to closed',
    sql: INCIDENT_STEPS,
  },
  {
    version: 7,
    name: 'checkpoints name the one before them and are kept as signed notes',
    sql: CHAINED_CHECKPOINTS,
  },
  {
    version: 8,
    name: 'a disclosure names the recipient check behind it',
    sql: DISCLOSURE_CHECKS,
  },
];
