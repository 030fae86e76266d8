import type { WorkflowService } from '../../src/service/workflow-service.js';
import type { TaskRunner } from '../../src/service/effect-runner.js';

/**
 * A stand-in for system tasks whose real runner is not wired yet: it reports "succeeded" at once
 * and says so in the trail (`standIn: true` and a summary that names it a stand-in), so no one
 * mistakes it for a real backup or a rendered document.
 */
export function createStandInTasks(service: WorkflowService): TaskRunner {
  return {
    async start(instance, effect) {
      const summary = service.locale === 'en' ? `(stand-in) ${effect.task}: not carried out — the real runner is not connected` : `(pengganti) ${effect.task}: tidak dijalankan — pelaksana sebenarnya belum tersambung`;
      await service.reportTaskResult(instance.id, effect.stepId, 'succeeded', summary, { standIn: true, task: effect.task }, `task:${instance.id}:${effect.stepId}:${instance.version}`);
    },
  };
}
