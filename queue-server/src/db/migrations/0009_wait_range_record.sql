-- 0009_wait_range_record.sql
-- Why: the wait range a ticket is shown is widened from the hall's own record of how often its ranges
-- held the wait (issue 19, core/range-calibration.ts). That record has to be the range the sampled replays
-- gave before any widening, or each widening would learn from the last; it is kept beside the one shown.
ALTER TABLE ticket ADD COLUMN wait_sampled_low INTEGER;
ALTER TABLE ticket ADD COLUMN wait_sampled_high INTEGER;
