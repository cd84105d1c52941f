-- 0003_day_rules.sql
-- Why: the end of the day is a rule (issue 13). How a ticket that did not end `done` ended, when a window
-- was signed in (so a new business date signs out yesterday's windows), and which days are closed.
ALTER TABLE ticket ADD COLUMN outcome TEXT;
-- The wait estimate given at issue: its range and why there was no figure (NO_OPEN_WINDOW, AFTER_CLOSE).
ALTER TABLE ticket ADD COLUMN wait_low INTEGER;
ALTER TABLE ticket ADD COLUMN wait_high INTEGER;
ALTER TABLE ticket ADD COLUMN wait_note TEXT;
ALTER TABLE window_state ADD COLUMN signed_in_at INTEGER;

CREATE TABLE day_close (
  business_date TEXT PRIMARY KEY,
  closed_at INTEGER NOT NULL,
  -- 'closing_time' (the clock passed closing + grace) or 'new_day' (a later business date began first)
  reason TEXT NOT NULL,
  tickets INTEGER NOT NULL,
  windows INTEGER NOT NULL
);

-- Open tickets of any day: the day rules look for leftovers of earlier dates on every new business date.
CREATE INDEX ticket_open ON ticket (business_date) WHERE status IN ('waiting', 'called', 'serving', 'suspended');
