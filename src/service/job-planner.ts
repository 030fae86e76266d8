import type { NewJob } from '../storage/job-repository.js';
import type { TransitionEffect } from '../storage/outbox-repository.js';
import type { RunContext } from './ports.js';

/** The queue of the main service process; a target with `worker: NAME` goes to `cadang worker --queue NAME`. */
export const mainQueue = 'main';

/** Turns a system-task or document effect into the jobs that carry it out. */
export type JobPlanner = (outboxKey: string, effect: TransitionEffect & { type: 'start-task' | 'render-document' }, run: RunContext) => Promise<NewJob[]>;

/** What the planner needs to know about targets: where each is backed up, and how often it may be retried. */
export interface TargetPlacement {
  workerOf(targetName: string): Promise<{ queue: string; retries: number } | null>;
}

/** The payload of a backup job: the targets one worker backs up, and where to. */
export interface BackupJobPayload {
  targets: string[];
  medium: string | null;
  number: number;
}

/**
 * Plans jobs: a backup step's targets are grouped by the worker that reaches them (one job per
 * worker, all sharing the outbox key as prefix), each holding a lease on its targets so that no
 * two jobs back up one target at once; documents are rendered by the main process.
 */
export function createJobPlanner(placement: TargetPlacement, clock: () => Date = () => new Date()): JobPlanner {
  return async (outboxKey, effect, { instance }) => {
    const base = { instanceId: instance.id, stepId: effect.stepId, runAfter: clock() };
    if (effect.type === 'render-document') {
      return [{ ...base, key: `${outboxKey}#${mainQueue}`, kind: 'render-document', queue: mainQueue, payload: { document: effect.document }, leases: [] }];
    }
    if (effect.task === 'render-documents') {
      return [{ ...base, key: `${outboxKey}#${mainQueue}`, kind: 'render-documents', queue: mainQueue, payload: {}, leases: [] }];
    }
    const groups = new Map<string, { targets: string[]; retries: number }>();
    for (const target of instance.data.targets) {
      // An unknown target is the executor's to report (it names it in the result), on the main process.
      const place = (await placement.workerOf(target)) ?? { queue: mainQueue, retries: 0 };
      const group = groups.get(place.queue) ?? { targets: [], retries: 0 };
      group.targets.push(target);
      group.retries = Math.max(group.retries, place.retries);
      groups.set(place.queue, group);
    }
    if (groups.size === 0) groups.set(mainQueue, { targets: [], retries: 0 });
    return [...groups].map(([queue, group]) => ({
      ...base,
      key: `${outboxKey}#${queue}`,
      kind: 'backup',
      queue,
      payload: { targets: group.targets, medium: instance.data.medium ?? null, number: instance.number } satisfies BackupJobPayload,
      leases: group.targets.map((target) => `target:${instance.organisationId}:${target}`),
      maxAttempts: 1 + group.retries,
    }));
  };
}
