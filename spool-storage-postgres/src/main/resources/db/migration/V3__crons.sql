-- Crons (/runs/crons). The scheduler finds due ones by next_run_date and claims a slot with a compare-and-set on it
-- (UPDATE ... WHERE next_run_date = the slot), so each slot fires in one process; searches narrow by assistant and
-- thread. Instants are epoch microseconds, as in every table.

CREATE TABLE crons (
  cron_id          text PRIMARY KEY,
  assistant_id     text NOT NULL,
  thread_id        text,
  user_id          text,
  schedule         text NOT NULL,
  timezone         text NOT NULL,
  end_time         bigint,
  enabled          boolean NOT NULL,
  on_run_completed text,
  payload          text NOT NULL,
  metadata         text NOT NULL,
  next_run_date    bigint,
  created_at       bigint NOT NULL,
  updated_at       bigint NOT NULL
);
CREATE INDEX crons_next ON crons (next_run_date) WHERE enabled AND next_run_date IS NOT NULL;
CREATE INDEX crons_assistant ON crons (assistant_id);
CREATE INDEX crons_thread ON crons (thread_id);
