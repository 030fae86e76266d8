import type { Locale } from '../i18n/messages.js';
import { debianPackageOf, defaultToolFiles, type ToolName } from './argv/tools.js';
import { backupMessages } from './messages.js';
import type { SecretProblem } from './secrets.js';
import type { FailureCode } from './types.js';

/** The sentence a user reads for a failure code, filled from the error's context. */
export function describeFailure(code: FailureCode, context: Record<string, unknown>, target: string, where: string, locale: Locale): string {
  const m = backupMessages(locale);
  const tool = (context.tool as ToolName | undefined) ?? 'tar';
  // Users know programs by their file names (pg_dump), not by Cadang's keys (pgDump).
  const program = defaultToolFiles[tool]?.join(' / ') ?? String(tool);
  switch (code) {
    case 'tool-missing':
      return m.toolMissing(program, debianPackageOf[tool] ?? String(context.package ?? tool));
    case 'secret-unavailable': {
      const problem = context as unknown as SecretProblem;
      const detail =
        problem.problem === 'env-missing' ? m.secretEnvMissing(problem.name) : problem.problem === 'file-mode' ? m.secretFileMode(problem.file, problem.mode) : m.secretFileMissing(String(problem.file));
      return m.secretUnavailable(target, detail);
    }
    case 'auth-failed':
      return m.authFailed(target);
    case 'host-unreachable':
      return m.hostUnreachable(target);
    case 'source-missing':
      return m.sourceMissing(target);
    case 'source-unreadable':
      return m.sourceUnreadable(target);
    case 'disk-full':
      return m.diskFull(where);
    case 'medium-removed':
      return m.mediumRemoved(where);
    case 'target-busy':
      return m.targetBusy(target);
    case 'timeout':
      return m.timeout(target, Number(context.seconds ?? 0));
    case 'verify-failed':
      return m.verifyFailed(target, String(context.detail ?? context.problem ?? ''));
    case 'mirror-delete-limit':
      return m.mirrorDeleteLimit(target, Number(context.limit ?? 0));
    case 'tool-failed':
      return m.toolFailed(program, target);
  }
}

/** Replaces every occurrence of the given secrets in a text (defence in depth for logs and details). */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) if (secret !== undefined && secret.length >= 3) out = out.split(secret).join('***');
  return out;
}
