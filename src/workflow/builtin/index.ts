import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { WorkflowDefinition } from '../definition-schema.js';
import { validateDefinition } from '../validate-definition.js';

/** The YAML files of the two seed SOPs, in the same format an institution writes its own in. */
export const builtinDefinitionFiles = {
  sop_a_backup_terjadwal: new URL('./sop-a-iain-pontianak.yaml', import.meta.url),
  sop_b_backup_server: new URL('./sop-b-batan-ppiksn.yaml', import.meta.url),
} as const;

/** Loads and validates the built-in SOPs; a broken built-in is a programming error and throws. */
export function loadBuiltinDefinitions(): WorkflowDefinition[] {
  return Object.values(builtinDefinitionFiles).map((url) => {
    const check = validateDefinition(parse(readFileSync(url, 'utf8')), 'en');
    if (!check.ok) throw new Error(`built-in SOP ${url.pathname} is invalid: ${JSON.stringify(check.problems)}`);
    return check.definition;
  });
}
