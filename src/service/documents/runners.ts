/**
 * The runners that issue documents while a run moves: the reply (and FM 001 form) when the
 * Kabag TU sends it, the checklist when the officer hands it over, and the system task that
 * writes the berita acara and the laporan (SOP A step 9). Each document is numbered, rendered,
 * archived against the run, then posted to the people it concerns on every chat platform.
 */
import { ZodError } from 'zod';
import { isCadangError } from '../../errors.js';
import type { RenderOptions } from '../../reports/document.js';
import { issueDocument } from '../../reports/issue.js';
import { resolveRenderOptions } from '../../reports/options.js';
import type { DocumentKind } from '../../reports/types.js';
import { addToOutbox } from '../../storage/outbox-repository.js';
import type { WorkflowDefinition } from '../../workflow/definition-schema.js';
import type { InstanceState } from '../../workflow/types.js';
import type { Log } from '../log.js';
import type { Audience } from '../ports.js';
import type { JobHandler } from '../worker.js';
import type { WorkflowService } from '../workflow-service.js';
import { buildDocumentInput } from './load-input.js';
import { documentMessages, type DocumentMessages } from './messages.js';
import { readBackupRecord } from './backup-result.js';
import { replyDocument } from './request-inputs.js';
import { loadRunFacts, type DocumentsConfig, type RunFacts } from './run-facts.js';
import { findSignerRoles } from './signers.js';

export interface DocumentRunnerParts {
  service: WorkflowService;
  config: DocumentsConfig;
  /** Where the configuration's relative paths (the letterhead logo) are read from; the working directory by default. */
  baseDirectory?: string | undefined;
  log: Log;
}

/** A document as issued: what the task result and the trail keep of it. */
export interface IssuedRecord {
  kind: DocumentKind;
  number?: string | undefined;
  sha256: string;
  path: string;
}

/**
 * Two job handlers: documents a choice produces (`render-document`: "balasan" — the reply letter
 * and FM 001 — and "ceklis"), and the "render-documents" system task (berita acara and laporan).
 * Rendering runs as a job, never inside the tap; each issued document is posted through the
 * outbox, so the process that owns the chats sends it, at least once.
 */
export interface DocumentRunners {
  documents: JobHandler;
  renderTask: JobHandler;
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

/** Creates the document job handlers of the service (see {@link DocumentRunners}). */
export function createDocumentRunners(parts: DocumentRunnerParts): DocumentRunners {
  const { service, config } = parts;
  const log = (message: string, error: unknown) => parts.log.error({ err: error }, message);
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

  const issue = async (run: RunFacts, kind: DocumentKind): Promise<IssuedRecord> => {
    const input = await buildDocumentInput(run, kind, run.now);
    const issued = await issueDocument(service.db, { kind, input, organisationId: run.instance.organisationId, instanceId: run.instance.id, config: config.reports, render: await optionsOnce() });
    return { kind, number: issued.number, sha256: issued.sha256, path: issued.path };
  };

  const post = async (instance: InstanceState, documents: IssuedRecord[], to: Audience): Promise<void> => {
    for (const document of documents) {
      await addToOutbox(service.db, `post:${instance.id}:${document.sha256}`, instance.id, {
        type: 'post-document', filename: `${fileStems[document.kind]}-${instance.number}.pdf`, caption: caption(msg, document, instance.number), path: document.path, audience: to,
      });
    }
  };

  const sendReply = async (instance: InstanceState): Promise<void> => {
    const run = await facts(instance);
    const issued: IssuedRecord[] = [];
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
      async run({ job, run: { instance, definition } }) {
        const document = (job.payload as { document?: string }).document;
        try {
          if (document === replyDocument) await sendReply(instance);
          else if (document === checklistDocument) await sendChecklist(instance, definition);
          else log(`cadang: #${instance.number} asks for document "${document}", which Cadang does not make`, null);
          return { status: 'succeeded', result: null };
        } catch (error) {
          // The decision is committed; a document that cannot be made is reported to the administrators, not thrown back at the person who decided.
          const reason = msg.replyFailed(instance.number, explain(msg, error));
          log(reason, error);
          await addToOutbox(service.db, `alert:${job.key}`, instance.id, { type: 'alert', text: reason });
          return { status: 'failed', result: null, reason };
        }
      },
    },
    renderTask: {
      async run({ run: { instance, definition } }) {
        let issued: IssuedRecord[];
        try {
          const run = await facts(instance);
          issued = [await issue(run, 'berita-acara'), await issue(run, 'backup-report')];
        } catch (error) {
          log(`cadang: rendering the documents of #${instance.number} failed`, error);
          const summary = msg.renderFailed(explain(msg, error));
          return { status: 'failed', result: { outcome: 'failed', summary, detail: { error: isCadangError(error) ? error.code : 'render-failed' } }, reason: summary };
        }
        const roles = findSignerRoles(definition);
        await post(instance, issued, { roles: [roles?.officer, roles?.corrector].filter((role): role is string => Boolean(role)), channel: true });
        const numbers = issued.map((document) => document.number ?? document.kind).join(', ');
        const detail = { documents: issued.map(({ kind, number, sha256, path }) => ({ kind, number, sha256, path })) };
        return { status: 'succeeded', result: { outcome: 'succeeded', summary: msg.rendered(numbers), detail } };
      },
      complete(jobs) {
        const job = jobs.at(-1)!;
        const result = job.result as { outcome: string; summary: string; detail: unknown } | null;
        return result ?? { outcome: 'failed', summary: msg.renderFailed(job.reason ?? '-'), detail: { error: job.status } };
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
