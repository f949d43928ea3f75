-- Spool's tables on PostgreSQL. Instants are epoch microseconds (bigint), as in the SQLite file, so both backends sort
-- and compare them the same way. JSON documents are text: they come back byte for byte (jsonb would reorder keys).

CREATE TABLE threads (
  thread_id    text PRIMARY KEY,
  created_at   bigint NOT NULL,
  updated_at   bigint NOT NULL,
  metadata     text NOT NULL,
  config       text NOT NULL,
  status       text NOT NULL,
  state_values text,
  interrupts   text,
  ttl_strategy text,
  ttl_minutes  double precision,
  expires_at   bigint
);
CREATE INDEX threads_created ON threads (created_at);
CREATE INDEX threads_expiry ON threads (expires_at) WHERE expires_at IS NOT NULL;

CREATE TABLE runs (
  run_id             text PRIMARY KEY,
  thread_id          text NOT NULL,
  assistant_id       text NOT NULL,
  created_at         bigint NOT NULL,
  updated_at         bigint NOT NULL,
  status             text NOT NULL,
  metadata           text NOT NULL,
  kwargs             text NOT NULL,
  multitask_strategy text,
  attempt            integer NOT NULL,
  stream_start       text
);
CREATE INDEX runs_thread ON runs (thread_id, created_at);
CREATE INDEX runs_status ON runs (status);

CREATE TABLE checkpoints (
  seq           bigserial PRIMARY KEY,
  thread_id     text NOT NULL,
  checkpoint_id text NOT NULL,
  parent_id     text,
  run_id        text,
  state_values  text NOT NULL,
  next          text NOT NULL,
  metadata      text NOT NULL,
  interrupts    text NOT NULL,
  runtime       text NOT NULL,
  created_at    bigint NOT NULL
);
CREATE INDEX checkpoints_thread ON checkpoints (thread_id, seq);
CREATE UNIQUE INDEX checkpoints_id ON checkpoints (thread_id, checkpoint_id);

-- the durable copy of the thread logs: consecutive events of a thread per row (see EventChunk), keyed by the id of
-- the chunk's last event, so resuming anywhere is one index seek
CREATE TABLE event_chunks (
  thread_id text NOT NULL,
  last_ms   bigint NOT NULL,
  last_seq  bigint NOT NULL,
  body      bytea NOT NULL,
  PRIMARY KEY (thread_id, last_ms, last_seq)
);

CREATE TABLE assistants (
  assistant_id text PRIMARY KEY,
  created_at   bigint NOT NULL,
  body         text NOT NULL
);
CREATE TABLE assistant_versions (
  assistant_id text NOT NULL,
  version      integer NOT NULL,
  body         text NOT NULL,
  PRIMARY KEY (assistant_id, version)
);
