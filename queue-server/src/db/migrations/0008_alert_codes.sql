-- 0008_alert_codes.sql
-- Why: alerts are worded by code and parameters in the reader's language (issue 16); `message` stays the
-- Chinese text for rows and clients from before, and for alerts raised without a code.
ALTER TABLE alert ADD COLUMN code TEXT;
ALTER TABLE alert ADD COLUMN params TEXT;
