-- 0006_rating_appeals_followups_codes.sql
-- Why (issue 15): 申诉/复核 of a malicious 差评 (asked by one supervisor, decided by a second, the rating row
-- never edited), 追评 after a case is closed, and the code-mapping tables a provincial 好差评 platform needs.

-- One appeal at a time per case; every request and decision is also in rectification_log (append-only).
ALTER TABLE rectification_case ADD COLUMN appeal_status TEXT CHECK (appeal_status IS NULL OR appeal_status IN ('pending', 'approved', 'rejected'));
ALTER TABLE rectification_case ADD COLUMN appeal_reason TEXT;
ALTER TABLE rectification_case ADD COLUMN appeal_by TEXT;
ALTER TABLE rectification_case ADD COLUMN appeal_at INTEGER;
ALTER TABLE rectification_case ADD COLUMN appeal_decided_by TEXT;
ALTER TABLE rectification_case ADD COLUMN appeal_decided_at INTEGER;
-- The rule "a second person approves" holds in the database too.
CREATE TRIGGER rectification_appeal_second_person BEFORE UPDATE OF appeal_decided_by ON rectification_case
  WHEN NEW.appeal_decided_by IS NOT NULL AND NEW.appeal_decided_by = NEW.appeal_by
  BEGIN SELECT RAISE(ABORT, 'an appeal is decided by a second person'); END;

-- 追评: the citizen's later word on the rectification, once per rating; the rating itself stays as given.
CREATE TABLE rating_follow_up (
  rating_id TEXT PRIMARY KEY REFERENCES rating (id),
  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
  comment TEXT CHECK (comment IS NULL OR length(comment) <= 500),
  created_at INTEGER NOT NULL
);

-- Local id → the province's code: kind 'category' | 'service' (事项编码 / 实施清单编码), 'staff' (工号), 'hall' (部门编码).
CREATE TABLE province_code (
  kind TEXT NOT NULL CHECK (kind IN ('category', 'service', 'staff', 'hall')),
  local_id TEXT NOT NULL,
  code TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  updated_by TEXT NOT NULL,
  PRIMARY KEY (kind, local_id)
);
