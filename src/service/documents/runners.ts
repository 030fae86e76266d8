/**
 * The runners that issue documents while a run moves: the reply (and FM 001 form) when the
 * Kabag TU sends it, the checklist when the officer hands it over, and the system task that
 * writes the berita acara and the laporan (SOP A step 9). Each document is numbered, rendered,
 * archived against the run, then posted to the people it concerns on every chat platform.
 */
import { ZodError } from 'zod';
import type { ChatCore } from '../../bots/chat-core.js';
import { isCadangError } from '../../errors.js';
import type { RenderOptions } from '../../reports/document.js';
import { issueDocument } from '../../reports/issue.js';
import { resolveRenderOptions } from '../../reports/options.js';
import type { DocumentKind } from '../../reports/types.js';
import { findEventByKey } from '../../storage/workflow-repository.js';
import type { WorkflowDefinition } from '../../workflow/definition-schema.js';
import type { InstanceState } from '../../workflow/types.js';
import type { DocumentRunner, TaskRunner } from '../effect-runner.js';
import type { WorkflowService } from '../workflow-service.js';
import { buildDocumentInput } from './load-input.js';
import { documentMessages, type DocumentMessages } from './messages.js';
import { readBackupRecord } from './backup-result.js';
import { replyDocument } from './request-inputs.js';
import { loadRunFacts, type DocumentsConfig, type RunFacts } from './run-facts.js';
import { findSignerRoles } from './signers.js';

export interface DocumentRunnerParts {
  service: WorkflowService;
  /** Every chat platform's core; documents are posted on each. */
  chats: ChatCore[];
  config: DocumentsConfig;
  /** Where the configuration's relative paths (the letterhead logo) are read from; the working directory by default. */
  baseDirectory?: string | undefined;
  log?: ((message: string, error: unknown) => void) | undefined;
}

/** A document as issued: what the task result and the trail keep of it. */
export interface IssuedRecord {
  kind: DocumentKind;
  number?: string | undefined;
  sha256: string;
  path: string;
}

export interface DocumentRunners {
  /** For `render-document` effects: "balasan" (reply letter, FM 001 form) and "ceklis". */
  documents: DocumentRunner;
  /** For the "render-documents" system task: berita acara and laporan, then the task result. */
  renderTask: TaskRunner;
}

/** The checklist's document name in the SOP (`document: ceklis`). */
const checklistDocument = 'ceklis';

const fileStems: Record<DocumentKind, string> = {
  'berita-acara': 'berita-acara',
  'backup-report': 'laporan-backup',
  checklist: 'ceklis',
  'request-form': 'formulir-fm001',
  'reply-letter': 'balasan',
};

/** Creates the document runners of the service; wire `documents` and `renderTask` into {@link createEffectRunner}. */
export function createDocumentRunners(parts: DocumentRunnerParts): DocumentRunners {
  const { service, config } = parts;
  const log = parts.log ?? ((message, error) => console.error(message, error));
  const msg = documentMessages(service.locale);
  let renderOptions: Promise<RenderOptions> | undefined;

  const optionsOnce = (): Promise<RenderOptions> => {
    // Read the letterhead and fonts once; a failure is retried next time (the logo may be fixed by then).
    renderOptions ??= resolveRenderOptions(config.reports, service.locale, parts.baseDirectory).catch((error: unknown) => {
      renderOptions = undefined;
      throw error;
    });
    return renderOptions;
  };

  const facts = (instance: InstanceState): Promise<RunFacts> =>
    loadRunFacts(service.db, service.definitions, config, instance.id, { locale: service.locale, now: service.now() });

  const issue = async (run: RunFacts, kind: DocumentKind): Promise<IssuedRecord & { bytes: Uint8Array }> => {
    const input = await buildDocumentInput(run, kind, run.now);
    const issued = await issueDocument(service.db, { kind, input, organisationId: run.instance.organisationId, instanceId: run.instance.id, config: config.reports, render: await optionsOnce() });
    return { kind, number: issued.number, sha256: issued.sha256, path: issued.path, bytes: issued.bytes };
  };

  const post = async (instance: InstanceState, documents: Array<IssuedRecord & { bytes: Uint8Array }>, to: { requester?: boolean; roles?: string[]; channel?: boolean }): Promise<void> => {
    for (const document of documents) {
      const file = { filename: `${fileStems[document.kind]}-${instance.number}.pdf`, bytes: document.bytes, caption: caption(msg, document, instance.number), archivedAt: document.path };
      for (const chat of parts.chats) {
        try {
          await chat.postDocument(instance, file, to);
        } catch (error) {
          // The document is archived; a platform that fails to deliver it does not undo that.
          log(`cadang: posting ${document.kind} of #${instance.number} on ${chat.platform} failed`, error);
        }
      }
    }
  };

  const sendReply = async (instance: InstanceState): Promise<void> => {
    const run = await facts(instance);
    const issued: Array<IssuedRecord & { bytes: Uint8Array }> = [];
    // The reply cites the backup report (SOP B step 5); issue it first if the run has none yet.
    if (run.instance.outcome === 'approved' && readBackupRecord(run)) {
      const reported = await service.db.archivedDocument.count({ where: { instanceId: instance.id, kind: 'backup-report' } });
      if (reported === 0) issued.push(await issue(run, 'backup-report'));
    }
    issued.unshift(await issue(run, 'reply-letter'));
    try {
      issued.push(await issue(run, 'request-form'));
    } catch (error) {
      log(msg.formSkipped(instance.number, explain(msg, error)), error);
    }
    await post(instance, issued, { requester: true, channel: true });
  };

  const sendChecklist = async (instance: InstanceState, definition: WorkflowDefinition): Promise<void> => {
    const run = await facts(instance);
    const checklist = await issue(run, 'checklist');
    const step = definition.steps.find((candidate) => candidate.id === instance.currentStep);
    await post(instance, [checklist], { roles: step && step.kind !== 'end' ? [step.role] : [] });
  };

  return {
    documents: {
      async render(instance, effect, definition) {
        try {
          if (effect.document === replyDocument) await sendReply(instance);
          else if (effect.document === checklistDocument) await sendChecklist(instance, definition);
          else log(`cadang: #${instance.number} asks for document "${effect.document}", which Cadang does not make`, null);
        } catch (error) {
          // The decision is committed; a document that cannot be made is reported, not thrown back at the person who decided.
          log(msg.replyFailed(instance.number, explain(msg, error)), error);
        }
      },
    },
    renderTask: {
      async start(instance, effect, definition) {
        const key = `task:${instance.id}:${effect.stepId}:${instance.version}`;
        // A task started again for the same entry into the step (a redelivery) must not number a second set.
        if (await findEventByKey(service.db, key)) return;
        let issued: Array<IssuedRecord & { bytes: Uint8Array }>;
        try {
          const run = await facts(instance);
          issued = [await issue(run, 'berita-acara'), await issue(run, 'backup-report')];
        } catch (error) {
          log(`cadang: rendering the documents of #${instance.number} failed`, error);
          await service.reportTaskResult(instance.id, effect.stepId, 'failed', msg.renderFailed(explain(msg, error)), { error: isCadangError(error) ? error.code : 'render-failed' }, key);
          return;
        }
        const roles = findSignerRoles(definition);
        await post(instance, issued, { roles: [roles?.officer, roles?.corrector].filter((role): role is string => Boolean(role)), channel: true });
        const numbers = issued.map((document) => document.number ?? document.kind).join(', ');
        await service.reportTaskResult(instance.id, effect.stepId, 'succeeded', msg.rendered(numbers), { documents: issued.map(({ kind, number, sha256, path }) => ({ kind, number, sha256, path })) }, key);
      },
    },
  };
}

function caption(msg: DocumentMessages, document: IssuedRecord, run: number): string {
  return msg.caption[document.kind](run, document.number ?? '');
}

/** One sentence for the trail and the log: a CadangError's message, a ZodError's problems, else the error's message. */
function explain(msg: DocumentMessages, error: unknown): string {
  if (isCadangError(error)) return error.message;
  if (error instanceof ZodError) return msg.incompleteData(error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
  return error instanceof Error ? error.message : String(error);
}
