-- The central server's schema, version 1: accounts, halls, the uplinked event log, published configuration.

CREATE TABLE account (
  username      text PRIMARY KEY,
  role          text NOT NULL CHECK (role IN ('admin', 'supervisor', 'auditor')),
  password_hash text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE session_token (
  token_hash text PRIMARY KEY,
  username   text NOT NULL REFERENCES account (username) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL
);
CREATE INDEX session_token_expiry ON session_token (expires_at);

CREATE TABLE hall (
  id           text PRIMARY KEY,
  name         text NOT NULL,
  key_hash     text NOT NULL UNIQUE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  -- The epoch the hall sends now (the newest seen), the highest contiguous seq acknowledged, the highest held.
  epoch        text,
  ack_seq      bigint NOT NULL DEFAULT 0,
  max_seq      bigint NOT NULL DEFAULT 0,
  last_seen_at timestamptz,
  -- The latest UplinkLive summary (not an event: replaced each time).
  live         jsonb,
  live_at      timestamptz
);

-- Each epoch of a hall's stream (a new one after a restore), in the order the central first saw them.
-- A newer epoch supersedes the older ones from its lowest seq on (see docs/network.md).
CREATE TABLE hall_epoch (
  hall_id    text NOT NULL REFERENCES hall (id),
  epoch      text NOT NULL,
  ordinal    integer NOT NULL,
  min_seq    bigint,
  -- True when the epoch began at or below a seq the central already held: the hall went back in time.
  restore    boolean NOT NULL DEFAULT false,
  first_seen timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (hall_id, epoch),
  UNIQUE (hall_id, ordinal)
);

-- Append-only: every (hall, epoch, seq) once. Partitioned by hall so each hall's events stay together.
CREATE TABLE uplink_event (
  hall_id       text NOT NULL,
  epoch         text NOT NULL,
  seq           bigint NOT NULL,
  hash          char(64) NOT NULL,
  at            bigint NOT NULL,
  business_date date NOT NULL,
  type          text NOT NULL,
  ticket_id     text,
  window_id     text,
  actor         text NOT NULL,
  data          jsonb NOT NULL,
  received_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (hall_id, epoch, seq)
) PARTITION BY HASH (hall_id);
CREATE TABLE uplink_event_p0 PARTITION OF uplink_event FOR VALUES WITH (MODULUS 8, REMAINDER 0);
CREATE TABLE uplink_event_p1 PARTITION OF uplink_event FOR VALUES WITH (MODULUS 8, REMAINDER 1);
CREATE TABLE uplink_event_p2 PARTITION OF uplink_event FOR VALUES WITH (MODULUS 8, REMAINDER 2);
CREATE TABLE uplink_event_p3 PARTITION OF uplink_event FOR VALUES WITH (MODULUS 8, REMAINDER 3);
CREATE TABLE uplink_event_p4 PARTITION OF uplink_event FOR VALUES WITH (MODULUS 8, REMAINDER 4);
CREATE TABLE uplink_event_p5 PARTITION OF uplink_event FOR VALUES WITH (MODULUS 8, REMAINDER 5);
CREATE TABLE uplink_event_p6 PARTITION OF uplink_event FOR VALUES WITH (MODULUS 8, REMAINDER 6);
CREATE TABLE uplink_event_p7 PARTITION OF uplink_event FOR VALUES WITH (MODULUS 8, REMAINDER 7);
CREATE INDEX uplink_event_day ON uplink_event (hall_id, business_date);
CREATE INDEX uplink_event_seq ON uplink_event (hall_id, seq);

CREATE FUNCTION uplink_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'uplink_event is append-only';
END $$;
CREATE TRIGGER uplink_event_no_change BEFORE UPDATE OR DELETE ON uplink_event
  FOR EACH ROW EXECUTE FUNCTION uplink_event_append_only();

-- A seq received again with another hash: kept for people to look at, never counted.
CREATE TABLE uplink_conflict (
  hall_id     text NOT NULL,
  epoch       text NOT NULL,
  seq         bigint NOT NULL,
  held_hash   char(64) NOT NULL,
  got_hash    char(64) NOT NULL,
  event       jsonb NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (hall_id, epoch, seq, got_hash)
);

CREATE TABLE config_bundle (
  version      integer PRIMARY KEY,
  published_at bigint NOT NULL,
  published_by text NOT NULL,
  note         text NOT NULL DEFAULT '',
  apply        text NOT NULL CHECK (apply IN ('idle', 'next-business-date')),
  content      jsonb NOT NULL
);
