import type { Database } from '../storage/database.js';
import { claimJob, enqueueJob } from '../storage/job-repository.js';
import type { JobQueue } from './ports.js';

/**
 * The job queue of the embedded default (SQLite) and of any single database: jobs are rows in
 * Cadang's own database, claimed with a conditional update, so every process on the database
 * (the service, `cadang worker` on other hosts) can take them and none takes one twice.
 */
export function createDatabaseJobQueue(db: Database, clock: () => Date = () => new Date()): JobQueue {
  return {
    async enqueue(job) {
      await enqueueJob(db, job);
    },
    claim(queues, workerId) {
      return claimJob(db, queues, workerId, clock());
    },
    async finished() {},
    async close() {},
  };
}
