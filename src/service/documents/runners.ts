/**
 * The runners that issue documents while a run moves: the reply (and FM 001 form) when the
 * Kabag TU sends it; the checklist when the officer hands it over (step 2) and when it is filled
 * (step 8); the system task that writes the berita acara and the laporan (SOP A step 9, as
 * drafts when a later step approves them); and the final, numbered berita acara and laporan
 * when that approval comes (`document: berita-acara`). Each document is numbered (drafts are
 * not), rendered with its SOP's letterhead, archived against the run (a final one supersedes the
 * drafts), then posted to the people it concerns on every chat platform, through the outbox.
 * Every one of these runs as a queued job, never inside the tap that caused it.
 */
import { ZodError } from 'zod';
import { CadangError, isCadangError } from '../../errors.js';
import { letterheadPath, profileFor, type DocumentProfile } from '../../reports/config.js';
import type { RenderOptions } from '../../reports/document.js';
import { issueDocument } from '../../reports/issue.js';
import { resolveRenderOptions } from '../../reports/options.js';
import type { DocumentKind } from '../../reports/types.js';
import { createDocumentRepository } from '../../storage/document-repository.js';
import { addToOutbox } from '../../storage/outbox-repository.js';
import { textOf } from '../../workflow/form-fields.js';
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
import { signerRolesOf } from './signers.js';

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
  status: 'draft' | 'final';
}

/**
 * Two job handlers: documents a choice produces (`render-document`: "balasan" — the reply letter
 * and FM 001 —, "ceklis", and the final "berita-acara"), and the "render-documents" system task
 * (the berita acara and laporan, as drafts when a later step approves them).
 */
export interface DocumentRunners {
  documents: JobHandler;
  renderTask: JobHandler;
}

/** The checklist's document name in the SOP (`document: ceklis`). */
const checklistDocument = 'ceklis';

/** Document names in an SOP (`document: berita-acara`) that issue the final berita acara and laporan. */
const finalDocuments = new Set(['berita-acara', 'laporan']);

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
  const store = createDocumentRepository(service.db);
  const renderOptions = new Map<string, Promise<RenderOptions>>();

  /** The SOP's letterhead, numbering and signers; a clear error when the configuration gives it no letterhead. */
  const profileOf = (definition: WorkflowDefinition): DocumentProfile => {
    const profile = profileFor(config.reports, definition.key);
    if (!profile) {
      throw new CadangError('documents.no_letterhead', msg.noLetterhead(textOf(definition.title, service.locale), letterheadPath(definition.key)), { sop: definition.key });
    }
    return profile;
  };

  const optionsOf = (definition: WorkflowDefinition): Promise<RenderOptions> => {
    // Read each SOP's letterhead and the fonts once; a failure is retried next time (the logo may be fixed by then).
    let options = renderOptions.get(definition.key);
    if (!options) {
      options = resolveRenderOptions(profileOf(definition), service.locale, parts.baseDirectory).catch((error: unknown) => {
        renderOptions.delete(definition.key);
        throw error;
      });
      renderOptions.set(definition.key, options);
    }
    return options;
  };

  const facts = (instance: InstanceState): Promise<RunFacts> =>
    loadRunFacts(service.db, service.definitions, config, instance.id, { locale: service.locale, now: service.now() });

  const issue = async (run: RunFacts, kind: DocumentKind, options: { draft?: boolean } = {}): Promise<IssuedRecord> => {
    const input = await buildDocumentInput(run, kind, run.now);
    const issued = await issueDocument(store, {
      kind, input, organisationId: run.instance.organisationId, instanceId: run.instance.id, config: profileOf(run.definition), render: await optionsOf(run.definition), draft: options.draft,
    });
    return { kind, number: issued.number, sha256: issued.sha256, path: issued.path, status: issued.status };
  };

  /** Each archived document goes out through the outbox: the process that owns the chats posts it, at least once. */
  const post = async (instance: InstanceState, documents: Array<IssuedRecord & { filled?: boolean }>, to: Audience): Promise<void> => {
    for (const document of documents) {
      await addToOutbox(service.db, `post:${instance.id}:${document.sha256}`, instance.id, {
        type: 'post-document', filename: `${fileStems[document.kind]}-${instance.number}${document.status === 'draft' ? '-draf' : ''}.pdf`,
        caption: caption(msg, document, instance.number), path: document.path, audience: to,
      });
    }
  };

  const signerRoles = (run: RunFacts): string[] => {
    const roles = signerRolesOf(run);
    return [...new Set([roles?.officer, roles?.corrector, roles?.head].filter((role): role is string => Boolean(role)))];
  };

  const sendReply = async (instance: InstanceState): Promise<void> => {
    const run = await facts(instance);
    const issued: IssuedRecord[] = [];
    // The reply cites the backup report (SOP B step 5); issue it first if the run has no final one yet.
    if (run.instance.outcome === 'approved' && readBackupRecord(run)) {
      if (!(await store.latest(instance.id, 'backup-report', { status: 'final' }))) issued.push(await issue(run, 'backup-report'));
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
    const filled = readBackupRecord(run) !== undefined;
    const step = definition.steps.find((candidate) => candidate.id === instance.currentStep);
    // The prepared checklist goes to whoever corrects it next; the filled one (step 8) to the officer and the corrector.
    const roles = filled ? [signerRolesOf(run)?.officer, signerRolesOf(run)?.corrector].filter((role): role is string => Boolean(role))
      : step && step.kind === 'human' ? [step.role] : [];
    await post(instance, [{ ...checklist, filled }], { roles });
  };

  /** The final berita acara and laporan, once the check is approved: numbered, with every approval. */
  const sendFinal = async (instance: InstanceState): Promise<void> => {
    const run = await facts(instance);
    const issued = [await issue(run, 'berita-acara'), await issue(run, 'backup-report')];
    await post(instance, issued, { roles: signerRoles(run), channel: true });
  };

  return {
    documents: {
      async run({ job, run: { instance, definition } }) {
        const document = String((job.payload as { document?: string }).document);
        try {
          if (document === replyDocument) await sendReply(instance);
          else if (document === checklistDocument) await sendChecklist(instance, definition);
          else if (finalDocuments.has(document)) await sendFinal(instance);
          else log(`cadang: #${instance.number} asks for document "${document}", which Cadang does not make`, null);
          return { status: 'succeeded', result: null };
        } catch (error) {
          // The decision is committed; a document that cannot be made is reported to the administrators, not thrown back at the person who decided.
          const reason = explain(msg, error);
          const sentence = document === replyDocument ? msg.replyFailed(instance.number, reason)
            : document === checklistDocument ? msg.checklistFailed(instance.number, reason)
            : msg.finalFailed(instance.number, reason);
          log(sentence, error);
          await addToOutbox(service.db, `alert:${job.key}`, instance.id, { type: 'alert', text: sentence });
          return { status: 'failed', result: null, reason: sentence };
        }
      },
    },
    renderTask: {
      async run({ job, run: { instance, definition } }) {
        // When a later step issues the final documents (SOP A step 10), this task makes the drafts for checking.
        const draft = issuesFinalLater(definition, job.stepId!);
        let issued: IssuedRecord[];
        let run: RunFacts;
        try {
          run = await facts(instance);
          issued = [await issue(run, 'berita-acara', { draft }), await issue(run, 'backup-report', { draft })];
        } catch (error) {
          log(`cadang: rendering the documents of #${instance.number} failed`, error);
          const summary = msg.renderFailed(explain(msg, error));
          return { status: 'failed', result: { outcome: 'failed', summary, detail: { error: isCadangError(error) ? error.code : 'render-failed' } }, reason: summary };
        }
        await post(instance, issued, { roles: signerRoles(run), channel: !draft });
        const numbers = issued.map((document) => document.number ?? document.kind).join(', ');
        const documents = issued.map(({ kind, number, sha256, path, status }) => ({ kind, ...(number ? { number } : {}), status, sha256, path }));
        return { status: 'succeeded', result: { outcome: 'succeeded', summary: draft ? msg.draftsRendered() : msg.rendered(numbers), detail: { documents } } };
      },
      complete(jobs) {
        const job = jobs.at(-1)!;
        const result = job.result as { outcome: string; summary: string; detail: unknown } | null;
        return result ?? { outcome: 'failed', summary: msg.renderFailed(job.reason ?? '-'), detail: { error: job.status } };
      },
    },
  };
}

/** Whether a human step after `stepId` has a choice that issues the final berita acara (`document: berita-acara`). */
function issuesFinalLater(definition: WorkflowDefinition, stepId: string): boolean {
  const from = definition.steps.findIndex((step) => step.id === stepId);
  return definition.steps.slice(from + 1).some((step) => step.kind === 'human' && step.choices.some((choice) => choice.document !== undefined && finalDocuments.has(choice.document)));
}

function caption(msg: DocumentMessages, document: IssuedRecord & { filled?: boolean }, run: number): string {
  if (document.kind === 'checklist' && document.filled) return msg.filledChecklistCaption(run);
  return msg.caption[document.kind](run, document.number ?? '');
}

/** One sentence for the trail and the log: a CadangError's message, a ZodError's problems, else the error's message. */
function explain(msg: DocumentMessages, error: unknown): string {
  if (isCadangError(error)) return error.message;
  if (error instanceof ZodError) return msg.incompleteData(error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
  return error instanceof Error ? error.message : String(error);
}
