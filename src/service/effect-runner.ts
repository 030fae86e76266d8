import type { ChatCore } from '../bots/chat-core.js';
import type { SystemTask, WorkflowDefinition } from '../workflow/definition-schema.js';
import type { Effect, InstanceState } from '../workflow/types.js';
import type { EffectHandler } from './workflow-service.js';

/** Runs a system step (a backup, rendering the documents) and reports its outcome to the service. */
export interface TaskRunner {
  start(instance: InstanceState, effect: Effect & { type: 'start-task' }, definition: WorkflowDefinition): Promise<void>;
}

/** Renders a document a choice produces (the reply letter …) and delivers it. */
export interface DocumentRunner {
  render(instance: InstanceState, effect: Effect & { type: 'render-document' }, definition: WorkflowDefinition): Promise<void>;
}

/** Sends each system task to the runner for its kind (the executor for backups, the renderer for documents). */
export function routeTasks(runners: Record<SystemTask, TaskRunner>): TaskRunner {
  return { start: (instance, effect, definition) => runners[effect.task].start(instance, effect, definition) };
}

export interface EffectRunnerParts {
  chats: ChatCore[];
  tasks: TaskRunner;
  documents?: DocumentRunner | undefined;
  log?: (message: string, error: unknown) => void;
}

/**
 * Carries out a committed transition's effects: due times are already stored with the transition,
 * so this sends cards and notices on every platform, renders documents, then starts system tasks.
 * A chat platform that fails does not stop the others or the workflow; the error is logged.
 */
export function createEffectRunner(parts: EffectRunnerParts): EffectHandler {
  const log = parts.log ?? ((message, error) => console.error(message, error));
  return async (instance, effects, definition) => {
    for (const chat of parts.chats) {
      try {
        await chat.deliver(instance, effects, definition);
      } catch (error) {
        log(`cadang: delivering effects of #${instance.number} on ${chat.platform} failed`, error);
      }
    }
    for (const effect of effects) {
      if (effect.type === 'render-document' && parts.documents) await parts.documents.render(instance, effect, definition);
    }
    for (const effect of effects) {
      if (effect.type === 'start-task') await parts.tasks.start(instance, effect, definition);
    }
  };
}
