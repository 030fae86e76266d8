import { chatMessages } from '../../src/bots/messages.js';
import type { DefinitionRegistry } from '../../src/service/definitions.js';
import { outcomes } from '../../src/workflow/definition-schema.js';

/** The statuses a backup ends in (BackupOutcome in src/backup/types.ts). */
const backupStatuses = ['succeeded', 'medium-absent', 'not-enough-room', 'failed', 'cancelled'];

/**
 * Ids that are also Indonesian words the chat rightly prints (an outcome "ditunda", "selesai",
 * "kirim" in "kirim \"-\""); the scan cannot tell them from the code, so it leaves them out.
 */
const alsoWords = new Set(['ditunda', 'kirim', 'selesai', 'ditindaklanjuti']);

/**
 * Every internal name a person must never read in chat: step ids, choice ids, system-step outcome
 * names and run outcomes of the loaded SOPs, the SOP ids, refusal codes and backup statuses.
 * `plainWords: false` leaves out codes that are ordinary words of the locale (English "failed").
 */
export function internalCodes(definitions: DefinitionRegistry, options: { plainWords: boolean }): string[] {
  const codes = new Set<string>([...backupStatuses, ...outcomes, ...Object.keys(chatMessages('id').refused)]);
  for (const definition of definitions.all()) {
    codes.add(definition.key);
    for (const step of definition.steps) {
      codes.add(step.id);
      if (step.kind === 'human') for (const choice of step.choices) if (!alsoWords.has(choice.id)) codes.add(choice.id);
      if (step.kind === 'system') for (const outcome of Object.keys(step.outcomes)) codes.add(outcome);
    }
  }
  return [...codes].filter((code) => !alsoWords.has(code) && (options.plainWords || /[-_]/.test(code)));
}

/** The codes found in `text` as whole words (case-sensitive: a label "Tolak" is not the id "tolak"), each with its line. */
export function findInternalCodes(text: string, codes: string[]): string[] {
  const found: string[] = [];
  for (const line of text.split('\n')) {
    // File paths of saved documents are where the files are, not words for people.
    if (/^\s*\/|\.pdf\b/.test(line)) continue;
    for (const code of codes) {
      const escaped = code.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      if (new RegExp(`(?<![\\w-])${escaped}(?![\\w-])`).test(line)) found.push(`${code}: ${line.trim()}`);
    }
  }
  return found;
}
