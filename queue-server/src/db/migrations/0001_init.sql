-- Why: the first schema. Numbering is MAX(seq)+1 per (prefix, business date) inside the issuing
-- transaction; the UNIQUE (prefix, business_date, seq) index answers it and guards it.
-- Tickets, windows, accounts, tokens, devices, appointments and the append-only
-- event log that feeds audit, statistics and the hall stream's sequence numbers.

CREATE TABLE ticket (
  id TEXT PRIMARY KEY,
  business_date TEXT NOT NULL,
  prefix TEXT NOT NULL,
  seq INTEGER NOT NULL,
  number TEXT NOT NULL,
  category_id TEXT NOT NULL,
  service_id TEXT,
  service_ids TEXT NOT NULL DEFAULT '[]',
  status TEXT NOT NULL,
  priority TEXT NOT NULL,
  channel TEXT NOT NULL,
  issued_at INTEGER NOT NULL,
  queued_at REAL NOT NULL,
  ahead INTEGER NOT NULL,
  estimated_wait_minutes INTEGER NOT NULL,
  window_id TEXT,
  target_window_id TEXT,
  token TEXT NOT NULL UNIQUE,
  called_at INTEGER,
  first_called_at INTEGER,
  started_at INTEGER,
  finished_at INTEGER,
  call_count INTEGER NOT NULL DEFAULT 0,
  transfer_count INTEGER NOT NULL DEFAULT 0,
  suspended_at INTEGER,
  suspended_ms INTEGER NOT NULL DEFAULT 0,
  served_by TEXT,
  note TEXT,
  form TEXT,
  appointment_id TEXT,
  idempotency_key TEXT,
  request_hash TEXT,
  pseudonymised_at INTEGER,
  UNIQUE (prefix, business_date, seq)
);
-- Every ticket touches each index on insert, so there are few: day+status serves the day lists, the
-- active-ticket queries (bounded to recent days) and the arrival counts.
CREATE INDEX ticket_day_status ON ticket (business_date, status);
CREATE INDEX ticket_window_status ON ticket (window_id, status);
-- Partial: most tickets carry no key, and they should cost no index entry.
CREATE UNIQUE INDEX ticket_idempotency ON ticket (idempotency_key) WHERE idempotency_key IS NOT NULL;

CREATE TABLE window_state (
  id TEXT PRIMARY KEY,
  status TEXT NOT NULL DEFAULT 'closed',
  staff_username TEXT,
  allocation TEXT NOT NULL,
  allocation_until INTEGER,
  -- What a temporary allocation reverts to when `allocation_until` passes.
  allocation_base TEXT,
  allocation_pinned INTEGER NOT NULL DEFAULT 0,
  allocation_changed_at INTEGER,
  pause_reason TEXT,
  paused_at INTEGER,
  priority_streak INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL
);

CREATE TABLE account (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  certified TEXT NOT NULL DEFAULT '[]',
  disabled_at INTEGER,
  created_at INTEGER NOT NULL
);

CREATE TABLE auth_token (
  token_hash TEXT PRIMARY KEY,
  subject_kind TEXT NOT NULL,
  subject TEXT NOT NULL,
  role TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER
);
CREATE INDEX auth_token_subject ON auth_token (subject_kind, subject);

CREATE TABLE device (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
);

CREATE TABLE pairing_code (
  code_hash TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  device_id TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER
);

CREATE TABLE appointment (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  service_id TEXT NOT NULL,
  business_date TEXT NOT NULL,
  slot_start TEXT NOT NULL,
  slot_end TEXT NOT NULL,
  id_number_hash TEXT,
  name_masked TEXT,
  ticket_id TEXT,
  checked_in_at INTEGER,
  created_at INTEGER NOT NULL
);
CREATE INDEX appointment_id_hash ON appointment (id_number_hash, business_date);

CREATE TABLE alert (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  severity TEXT NOT NULL,
  subject TEXT,
  message TEXT NOT NULL,
  raised_at INTEGER NOT NULL,
  acknowledged_at INTEGER,
  acknowledged_by TEXT,
  cleared_at INTEGER
);
CREATE INDEX alert_open ON alert (kind, subject, cleared_at);

CREATE TABLE setting (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  updated_by TEXT
);

-- Append-only: nothing updates or deletes a row. `id` is the hall stream's sequence number. Because rows
-- are never deleted, a plain rowid key is already strictly increasing (no AUTOINCREMENT bookkeeping).
CREATE TABLE event_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  type TEXT NOT NULL,
  actor TEXT NOT NULL,
  source TEXT NOT NULL,
  ticket_id TEXT,
  window_id TEXT,
  business_date TEXT NOT NULL,
  data TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX event_log_day_type ON event_log (business_date, type);
CREATE TRIGGER event_log_no_update BEFORE UPDATE ON event_log BEGIN SELECT RAISE(ABORT, 'event_log is append-only'); END;
CREATE TRIGGER event_log_no_delete BEFORE DELETE ON event_log BEGIN SELECT RAISE(ABORT, 'event_log is append-only'); END;
