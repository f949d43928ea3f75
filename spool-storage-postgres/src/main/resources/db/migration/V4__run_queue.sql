-- The shared run queue (PgRunQueue): a row per run in flight, from its creation until its end. owner is the process
-- that claimed it (null while it waits), seq the creation order within its thread. A cancel asked for while the run
-- executes elsewhere is also written here, so the owner finds it by polling when the Redis signal is lost.
CREATE TABLE run_queue (
  run_id        text PRIMARY KEY,
  thread_id     text NOT NULL,
  seq           bigserial NOT NULL,
  not_before    bigint NOT NULL, -- epoch milliseconds
  owner         text,
  cancel_action text
);
CREATE INDEX run_queue_thread ON run_queue (thread_id, seq);
CREATE INDEX run_queue_owner ON run_queue (owner) WHERE owner IS NOT NULL;

-- One lease per live process, renewed by its heartbeat; the runs of a process whose lease ran out are re-queued.
-- expires_at is in the database's clock (epoch milliseconds), so the processes' clocks never need to agree.
CREATE TABLE process_leases (
  process_id text PRIMARY KEY,
  expires_at bigint NOT NULL
);
