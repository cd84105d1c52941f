-- Version 3: the table Socket.IO's PostgreSQL adapter keeps large broadcast payloads in (realtime/realtime.ts).
-- Created here, under the migrations' advisory lock, and not when a node starts: two nodes starting together
-- both ran CREATE TABLE IF NOT EXISTS, and PostgreSQL lets one of them fail with "relation already exists".
-- IF NOT EXISTS keeps a database where an earlier node already created it valid.
CREATE TABLE IF NOT EXISTS socket_io_attachments (id bigserial UNIQUE, created_at timestamptz DEFAULT NOW(), payload bytea);
