-- 0005_account_security.sql
-- Why: passwords can be managed (issue 14). An account whose password was handed to it (a seeded or reset
-- password) must choose its own at the next sign-in; when it last changed, for the admin view.
ALTER TABLE account ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
ALTER TABLE account ADD COLUMN password_changed_at INTEGER;
