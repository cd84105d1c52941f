-- 0004_uplink.sql
-- Why: the hall network (issue 17). Delivery state of the uplink to the central server, and the published
-- configuration bundles the hall received from it. Owned by db/uplink-repository.ts.

-- One row. `epoch` names this database's event stream: random at first start, renewed on a restore
-- from a backup (the event-log ids then go back in time, so the central must not match them to the old ones).
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

-- Published configuration bundles, one row per version received. `deployed_at` is set in the transaction
-- that applied it (with its `config.applied` audit event); `refused_reason` when it failed validation.
CREATE TABLE uplink_config (
  version INTEGER PRIMARY KEY,
  bundle TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  received_business_date TEXT NOT NULL,
  deployed_at INTEGER,
  refused_reason TEXT
);
