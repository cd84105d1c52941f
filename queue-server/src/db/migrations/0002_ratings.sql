-- Why: 好差评 ratings from every channel (one per ticket), 差评整改 rectification cases with working-day
-- deadlines and their audit trail, and the outbox that forwards both to a provincial 好差评 platform.
-- Nothing here identifies the citizen who rated.

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
CREATE INDEX rating_ticket_day ON rating (ticket_business_date);
CREATE INDEX rating_staff_day ON rating (staff_id, ticket_business_date);

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
);
CREATE INDEX rectification_case_status ON rectification_case (status);
CREATE INDEX rectification_case_day ON rectification_case (business_date);

-- Append-only audit of every case change: who, when, which step, the note.
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
CREATE INDEX rectification_log_case ON rectification_log (case_id, id);
CREATE TRIGGER rectification_log_no_update BEFORE UPDATE ON rectification_log BEGIN SELECT RAISE(ABORT, 'rectification_log is append-only'); END;
CREATE TRIGGER rectification_log_no_delete BEFORE DELETE ON rectification_log BEGIN SELECT RAISE(ABORT, 'rectification_log is append-only'); END;

-- Written in the same transaction as the rating or case change; a worker forwards rows in id order.
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
CREATE INDEX rating_outbox_pending ON rating_outbox (delivered_at, id);
