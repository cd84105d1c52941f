-- 0008_visits.sql
-- Why: issue 20. A bundle is a visit with a status per matter; the priority group on the ticket (never the
-- proof document); appointment tickets that wait held until their slot; how an appointment was kept.
ALTER TABLE ticket ADD COLUMN priority_group TEXT;
ALTER TABLE ticket ADD COLUMN bundle_id TEXT;
-- An early appointment arrival joins the queue at its slot start: until then it waits unlisted.
ALTER TABLE ticket ADD COLUMN held_until INTEGER;

-- 'early' | 'on_time' | 'late_grace' | 'late' (checked in), 'missed' (爽约, recorded at slot end + grace)
ALTER TABLE appointment ADD COLUMN arrival TEXT;
ALTER TABLE appointment ADD COLUMN missed_at INTEGER;

-- The matters of a visit (一事一次办), as JSON: [{serviceId, categoryId, status, windowId, updatedAt}], status
-- 'pending' (待办), 'accepted' (受理), 'done' (办结), 'transferred' (转办) or 'needs_documents' (需补件), set by
-- the window that handles each matter. Written with the ticket, in its transaction.
ALTER TABLE ticket ADD COLUMN matters TEXT;
