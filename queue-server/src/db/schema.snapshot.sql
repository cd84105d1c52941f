CREATE INDEX alert_open ON alert (kind, subject, cleared_at);

CREATE INDEX appointment_id_hash ON appointment (id_number_hash, business_date);

CREATE INDEX auth_token_subject ON auth_token (subject_kind, subject);

CREATE INDEX event_log_day_type ON event_log (business_date, type);

CREATE INDEX rating_outbox_pending ON rating_outbox (delivered_at, id);

CREATE INDEX rating_staff_day ON rating (staff_id, ticket_business_date);

CREATE INDEX rating_ticket_day ON rating (ticket_business_date);

CREATE INDEX rectification_case_day ON rectification_case (business_date);

CREATE INDEX rectification_case_status ON rectification_case (status);

CREATE INDEX rectification_log_case ON rectification_log (case_id, id);

CREATE INDEX ticket_day_status ON ticket (business_date, status);

CREATE UNIQUE INDEX ticket_idempotency ON ticket (idempotency_key) WHERE idempotency_key IS NOT NULL;

CREATE INDEX ticket_open ON ticket (business_date) WHERE status IN ('waiting', 'called', 'serving', 'suspended');

CREATE INDEX ticket_window_status ON ticket (window_id, status);

CREATE TABLE account (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  certified TEXT NOT NULL DEFAULT '[]',
  disabled_at INTEGER,
  created_at INTEGER NOT NULL
, must_change_password INTEGER NOT NULL DEFAULT 0, password_changed_at INTEGER);

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
, code TEXT, params TEXT);

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
, arrival TEXT, missed_at INTEGER);

CREATE TABLE auth_token (
  token_hash TEXT PRIMARY KEY,
  subject_kind TEXT NOT NULL,
  subject TEXT NOT NULL,
  role TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER
);

CREATE TABLE day_close (
  business_date TEXT PRIMARY KEY,
  closed_at INTEGER NOT NULL,
  -- 'closing_time' (the clock passed closing + grace) or 'new_day' (a later business date began first)
  reason TEXT NOT NULL,
  tickets INTEGER NOT NULL,
  windows INTEGER NOT NULL
);

CREATE TABLE device (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
);

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

CREATE TABLE province_code (
  kind TEXT NOT NULL CHECK (kind IN ('category', 'service', 'staff', 'hall')),
  local_id TEXT NOT NULL,
  code TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  updated_by TEXT NOT NULL,
  PRIMARY KEY (kind, local_id)
);

CREATE TABLE rating (
  id TEXT PRIMARY KEY,
  -- 一次一评: the UNIQUE constraint is what makes a second rating of a ticket impossible.
  ticket_id TEXT NOT NULL UNIQUE REFERENCES ticket (id),
  ticket_number TEXT NOT NULL,
  -- The service day; reports and metrics group by it.
  ticket_business_date TEXT NOT NULL,
  category_id TEXT NOT NULL,
  service_ids TEXT NOT NULL DEFAULT '[]',
  window_id TEXT,
  staff_id TEXT,
  channel TEXT NOT NULL CHECK (channel IN ('keypad', 'hid', 'qr', 'kiosk')),
  -- The keypad or kiosk that took the rating (never a phone or a person).
  device TEXT,
  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
  -- Reason tags as a bitmask (bit i = tag id i) and their labels when given (the tag set may change later).
  reasons INTEGER NOT NULL DEFAULT 0 CHECK (reasons BETWEEN 0 AND 255),
  reason_labels TEXT NOT NULL DEFAULT '[]',
  comment TEXT CHECK (comment IS NULL OR length(comment) <= 500),
  created_at INTEGER NOT NULL,
  business_date TEXT NOT NULL,
  CHECK (level > 2 OR reasons > 0)
);

CREATE TABLE rating_follow_up (
  rating_id TEXT PRIMARY KEY REFERENCES rating (id),
  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
  comment TEXT CHECK (comment IS NULL OR length(comment) <= 500),
  created_at INTEGER NOT NULL
);

CREATE TABLE rating_outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  type TEXT NOT NULL,
  subject_id TEXT NOT NULL,
  payload TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_attempt_at INTEGER,
  last_error TEXT,
  delivered_at INTEGER
);

CREATE TABLE rectification_case (
  id TEXT PRIMARY KEY,
  rating_id TEXT NOT NULL UNIQUE REFERENCES rating (id),
  status TEXT NOT NULL CHECK (status IN ('open', 'verified', 'rectified', 'closed')),
  business_date TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  -- Deadlines in working days, fixed when the case opens: the last working day and the instant after it.
  verify_due_date TEXT NOT NULL,
  verify_due_at INTEGER NOT NULL,
  rectify_due_date TEXT NOT NULL,
  rectify_due_at INTEGER NOT NULL,
  revisit_due_date TEXT NOT NULL,
  revisit_due_at INTEGER NOT NULL,
  verified_at INTEGER,
  verified_by TEXT,
  rectified_at INTEGER,
  rectified_by TEXT,
  closed_at INTEGER,
  closed_by TEXT,
  outcome TEXT,
  -- The current step's escalation; cleared when the step is done.
  overdue_at INTEGER,
  overdue_count INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL
, appeal_status TEXT CHECK (appeal_status IS NULL OR appeal_status IN ('pending', 'approved', 'rejected')), appeal_reason TEXT, appeal_by TEXT, appeal_at INTEGER, appeal_decided_by TEXT, appeal_decided_at INTEGER);

CREATE TABLE rectification_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  case_id TEXT NOT NULL REFERENCES rectification_case (id),
  at INTEGER NOT NULL,
  action TEXT NOT NULL,
  actor TEXT NOT NULL,
  source TEXT NOT NULL,
  from_status TEXT,
  to_status TEXT NOT NULL,
  note TEXT
);

CREATE TABLE schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL);

CREATE TABLE setting (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  updated_by TEXT
);

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
  pseudonymised_at INTEGER, outcome TEXT, wait_low INTEGER, wait_high INTEGER, wait_note TEXT, priority_group TEXT, bundle_id TEXT, held_until INTEGER, matters TEXT, wait_sampled_low INTEGER, wait_sampled_high INTEGER,
  UNIQUE (prefix, business_date, seq)
);

CREATE TABLE uplink_config (
  version INTEGER PRIMARY KEY,
  bundle TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  received_business_date TEXT NOT NULL,
  deployed_at INTEGER,
  refused_reason TEXT
);

CREATE TABLE uplink_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  epoch TEXT NOT NULL,
  epoch_started_at INTEGER NOT NULL,
  -- Highest contiguous event-log id the central acknowledged for this epoch.
  acked_seq INTEGER NOT NULL DEFAULT 0,
  last_success_at INTEGER,
  last_error TEXT,
  last_error_at INTEGER
);

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
, signed_in_at INTEGER);

CREATE TRIGGER event_log_no_delete BEFORE DELETE ON event_log BEGIN SELECT RAISE(ABORT, 'event_log is append-only'); END;

CREATE TRIGGER event_log_no_update BEFORE UPDATE ON event_log BEGIN SELECT RAISE(ABORT, 'event_log is append-only'); END;

CREATE TRIGGER rectification_appeal_second_person BEFORE UPDATE OF appeal_decided_by ON rectification_case
  WHEN NEW.appeal_decided_by IS NOT NULL AND NEW.appeal_decided_by = NEW.appeal_by
  BEGIN SELECT RAISE(ABORT, 'an appeal is decided by a second person'); END;

CREATE TRIGGER rectification_log_no_delete BEFORE DELETE ON rectification_log BEGIN SELECT RAISE(ABORT, 'rectification_log is append-only'); END;

CREATE TRIGGER rectification_log_no_update BEFORE UPDATE ON rectification_log BEGIN SELECT RAISE(ABORT, 'rectification_log is append-only'); END;
