import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { CadangError } from '../errors.js';
import type { Locale } from '../i18n/messages.js';
import { loadBuiltinDefinitions } from '../workflow/builtin/index.js';
import type { WorkflowDefinition } from '../workflow/definition-schema.js';
import { validateDefinition, type DefinitionProblem } from '../workflow/validate-definition.js';

/** Reads an SOP definition file (YAML or JSON) and validates it; every problem comes back with its path. */
export function readDefinitionFile(file: string, locale: Locale): { ok: true; definition: WorkflowDefinition } | { ok: false; problems: DefinitionProblem[] } {
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return { ok: false, problems: [{ path: '(file)', message: (error as Error).message }] };
  }
  return validateDefinition(raw, locale);
}

/** The SOPs an organisation runs: the two built-ins plus its own files; a later version of a key wins. */
export class DefinitionRegistry {
  private readonly latest = new Map<string, WorkflowDefinition>();
  private readonly versions = new Map<string, WorkflowDefinition>();

  constructor(definitions: WorkflowDefinition[]) {
    for (const definition of definitions) {
      this.versions.set(`${definition.key}@${definition.version}`, definition);
      const current = this.latest.get(definition.key);
      if (!current || current.version < definition.version) this.latest.set(definition.key, definition);
    }
  }

  /** Built-ins plus the files named in the configuration (relative to `baseDir`); throws listing every problem. */
  static load(files: string[], baseDir: string, locale: Locale): DefinitionRegistry {
    const definitions = loadBuiltinDefinitions();
    const problems: string[] = [];
    for (const file of files) {
      const path = resolve(baseDir, file);
      const check = readDefinitionFile(path, locale);
      if (check.ok) definitions.push(check.definition);
      else problems.push(...check.problems.map((problem) => `  - ${path} ${problem.path}: ${problem.message}`));
    }
    if (problems.length > 0) throw new CadangError('sop-invalid', ['SOP tidak sah / invalid SOP:', ...problems].join('\n'));
    return new DefinitionRegistry(definitions);
  }

  all(): WorkflowDefinition[] {
    return [...this.latest.values()];
  }

  latestOf(key: string): WorkflowDefinition | undefined {
    return this.latest.get(key);
  }

  version(key: string, version: number): WorkflowDefinition | undefined {
    return this.versions.get(`${key}@${version}`);
  }

  /** Every role any loaded SOP names. */
  roles(): Set<string> {
    return new Set(this.all().flatMap((definition) => Object.keys(definition.roles)));
  }
}
