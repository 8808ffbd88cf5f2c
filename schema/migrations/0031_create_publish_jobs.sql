-- Publishing on Cloudflare's parts (issue 23): each write enqueues a job on the publish queue;
-- the Worker's queue consumer renders the pages the job names and stores them in R2. A job
-- row is what the admin home shows: when it was asked for, how many pages, when they were all
-- stored (its measured duration), and what failed. The single-row publish_state of the old
-- deploy-hook path is no longer read or written.
CREATE TABLE publish_jobs (
  id INTEGER PRIMARY KEY,
  reason TEXT NOT NULL,
  -- {"all":true} or {"disclosures":[slugs]} (schema/publish.ts PublishScope).
  scope TEXT NOT NULL,
  requested_at TEXT NOT NULL,
  -- Known once the consumer has listed the paths of the scope: the pages, and the messages of at
  -- most 200 paths they are rendered in (publish_chunks records each one done).
  pages_total INTEGER,
  chunks_total INTEGER,
  pages_done INTEGER NOT NULL DEFAULT 0,
  finished_at TEXT,
  -- Set when the queue gave up on a message of this job (dead-letter queue).
  failure TEXT
);
CREATE INDEX publish_jobs_requested ON publish_jobs (requested_at);

-- A page of a job that could not be rendered (a poison row): skipped, named, and shown.
CREATE TABLE publish_failures (
  job_id INTEGER NOT NULL REFERENCES publish_jobs (id) ON DELETE CASCADE,
  path TEXT NOT NULL,
  reason TEXT NOT NULL,
  PRIMARY KEY (job_id, path)
);

-- The version of the site's templates the stored pages were rendered with: a deploy whose
-- templates differ publishes every page again (functions/publish.ts publishIfTemplateChanged).
CREATE TABLE site_template (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version TEXT NOT NULL,
  requested_at TEXT NOT NULL
);

-- The messages of a job that are done, and how many pages each accounted for (stored or
-- skipped). A message the queue delivers twice replaces its own row, so a retried message never
-- counts its pages twice; the job is finished when every message has a row. Chunk -1 holds the
-- rows the site left out.
CREATE TABLE publish_chunks (
  job_id INTEGER NOT NULL REFERENCES publish_jobs (id) ON DELETE CASCADE,
  chunk INTEGER NOT NULL,
  pages INTEGER NOT NULL,
  PRIMARY KEY (job_id, chunk)
);
