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
    case 'privilege-missing':
      return m.privilegeMissing(target);
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

/**
 * The sentence for a failure followed by the tool's own last error line (from `context.stderr`),
 * with the given secrets removed: what the CLI prints, the job record keeps and the chat shows.
 */
export function describeToolFailure(code: FailureCode, context: Record<string, unknown>, target: string, where: string, locale: Locale, secrets: readonly (string | undefined)[]): string {
  const sentence = describeFailure(code, context, target, where, locale);
  const line = typeof context.stderr === 'string' ? lastErrorLine(redactSecrets(context.stderr, secrets)) : undefined;
  if (line === undefined) return sentence;
  const tool = context.tool as ToolName | undefined;
  const program = typeof context.program === 'string' ? context.program : tool === undefined ? 'cadang' : (defaultToolFiles[tool]?.[0] ?? String(tool));
  return `${sentence} ${backupMessages(locale).toolSaid(program, line)}`;
}

/**
 * The line of a tool's standard error that says what went wrong: the last one that reads like an
 * error, else the last non-empty one; cut to 300 characters. Undefined when there is none.
 */
export function lastErrorLine(stderr: string): string | undefined {
  const lines = stderr
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const pick = lines.findLast((line) => /error|fatal|denied|failed|cannot|can't|could not|not found|no such|refused|does not exist/i.test(line)) ?? lines.at(-1);
  if (pick === undefined) return undefined;
  return pick.length > 300 ? `${pick.slice(0, 299)}…` : pick;
}

/** Replaces every occurrence of the given secrets in a text (defence in depth for logs and details). */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) if (secret !== undefined && secret.length >= 3) out = out.split(secret).join('***');
  return out;
}
