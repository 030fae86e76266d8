import { PgBoss } from 'pg-boss';
import type { Database } from './database.js';
import { claimJobById, enqueueJob, type JobRecord, type NewJob } from './job-repository.js';

/** Cadang's queues live in their own schema, beside Prisma's tables. */
const schema = 'cadang_queue';
/** A backup may run for hours; our own heartbeats decide when a job is lost, not pg-boss's expiry. */
const expireInSeconds = 24 * 3600;

/**
 * The job queue on PostgreSQL: pg-boss carries jobs between the service and `cadang worker` on
 * other hosts (SKIP LOCKED fetches, its own retention), while the job row in Cadang's database
 * keeps the state everyone reads (heartbeat, progress, cancel, result). The pg-boss job's id is
 * the row's id, so a relay repeated after a crash makes no second job. A job whose target is busy
 * (another job holds its lease) is failed back to pg-boss and offered again a few seconds later.
 * Implements the service's `JobQueue` port (src/service/ports.ts).
 */
export function createPgBossJobQueue(db: Database, connectionString: string, onError: (error: Error) => void = () => undefined) {
  const boss = new PgBoss({ connectionString, schema, max: 4 });
  boss.on('error', onError);
  let ready: Promise<unknown> | undefined;
  const start = () => (ready ??= boss.start());
  const known = new Set<string>();
  const handedOver = new Map<string, { name: string; bossId: string }>();
  const nameOf = (queue: string) => `cadang-${queue}`;

  const ensureQueue = async (queue: string): Promise<string> => {
    const name = nameOf(queue);
    if (known.has(name)) return name;
    await start();
    if (!(await boss.getQueue(name))) {
      // Lease conflicts are the only retries pg-boss makes; a job lost with its worker is recovery's to decide.
      await boss.createQueue(name, { expireInSeconds, retryLimit: 100_000, retryDelay: 2 }).catch(async (error: unknown) => {
        if (!(await boss.getQueue(name))) throw error; // another process created it first
      });
    }
    known.add(name);
    return name;
  };

  return {
    async enqueue(job: NewJob): Promise<void> {
      const id = await enqueueJob(db, job);
      const name = await ensureQueue(job.queue);
      await boss.send(name, { jobId: id }, { id });
    },
    async claim(queues: string[], workerId: string): Promise<JobRecord | null> {
      for (const queue of queues) {
        const name = await ensureQueue(queue);
        const [offered] = await boss.fetch<{ jobId: string }>(name, { batchSize: 1 });
        if (!offered) continue;
        const claimed = await claimJobById(db, offered.data.jobId, workerId, new Date());
        if (claimed === 'busy') {
          await boss.fail(name, offered.id);
          continue;
        }
        if (claimed === 'gone') {
          await boss.complete(name, offered.id);
          continue;
        }
        handedOver.set(claimed.id, { name, bossId: offered.id });
        return claimed;
      }
      return null;
    },
    async finished(job: JobRecord): Promise<void> {
      const offered = handedOver.get(job.id);
      if (!offered) return;
      handedOver.delete(job.id);
      await boss.complete(offered.name, offered.bossId);
    },
    async reoffer(job: JobRecord): Promise<void> {
      const name = await ensureQueue(job.queue);
      const offered = await boss.getJobById(name, job.id);
      if (!offered) await boss.send(name, { jobId: job.id }, { id: job.id });
      // Taken from pg-boss by a process that died before claiming the row: back into line at once.
      else if (offered.state === 'active' && !handedOver.has(job.id)) await boss.fail(name, job.id);
    },
    async close(): Promise<void> {
      if (ready) await boss.stop({ graceful: false, close: true });
    },
  };
}
