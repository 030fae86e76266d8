import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readYaml } from '../config/yaml-file.js';
import { CadangError } from '../errors.js';
import { defineMessages, type Locale } from '../i18n/messages.js';
import { builtinDefinitionFiles, loadBuiltinDefinitions } from '../workflow/builtin/index.js';
import type { WorkflowDefinition } from '../workflow/definition-schema.js';
import { validateDefinition, type DefinitionProblem } from '../workflow/validate-definition.js';

const messages = defineMessages(
  {
    unreadable: (file: string) => `berkas ${file} tidak dapat dibaca; periksa jalurnya dan izin aksesnya`,
    invalid: (count: number) => `SOP tidak sah (${count} masalah):`,
  },
  {
    unreadable: (file: string) => `file ${file} cannot be read; check its path and permissions`,
    invalid: (count: number) => `Invalid SOP (${count} ${count === 1 ? 'problem' : 'problems'}):`,
  },
);

/**
 * Reads an SOP definition file (YAML or JSON) and validates it; every problem comes back with its
 * path and line. YAML syntax errors are all listed; the meaning is checked once the file parses.
 */
export function readDefinitionFile(file: string, locale: Locale): { ok: true; definition: WorkflowDefinition } | { ok: false; problems: DefinitionProblem[] } {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    return { ok: false, problems: [{ path: '(file)', at: [], message: messages(locale).unreadable(file) }] };
  }
  const yaml = readYaml(source, locale);
  if (yaml.problems.length > 0) return { ok: false, problems: yaml.problems.map((problem) => ({ path: '(file)', at: [], line: problem.line, message: problem.message })) };
  const check = validateDefinition(yaml.document.toJS(), locale);
  if (check.ok) return check;
  return { ok: false, problems: check.problems.map((problem) => ({ ...problem, line: yaml.lineOf(problem.at) })) };
}

/** Where a loaded SOP came from: a built-in of Cadang or a file the configuration names. */
export interface DefinitionSource {
  builtin: boolean;
  file: string;
}

/** The SOPs an organisation runs: the two built-ins plus its own files; a later version of a key wins. */
export class DefinitionRegistry {
  private readonly latest = new Map<string, WorkflowDefinition>();
  private readonly versions = new Map<string, WorkflowDefinition>();

  private readonly sources = new Map<string, DefinitionSource>();

  constructor(definitions: WorkflowDefinition[], sources: ReadonlyMap<string, DefinitionSource> = new Map()) {
    for (const [key, source] of sources) this.sources.set(key, source);
    for (const definition of definitions) {
      this.versions.set(`${definition.key}@${definition.version}`, definition);
      const current = this.latest.get(definition.key);
      if (!current || current.version < definition.version) this.latest.set(definition.key, definition);
    }
  }

  /** Built-ins plus the files named in the configuration (relative to `baseDir`); throws listing every problem. */
  static load(files: string[], baseDir: string, locale: Locale): DefinitionRegistry {
    const definitions = loadBuiltinDefinitions();
    const sources = new Map<string, DefinitionSource>();
    for (const definition of definitions) {
      const url = builtinDefinitionFiles[definition.key as keyof typeof builtinDefinitionFiles];
      if (url) sources.set(`${definition.key}@${definition.version}`, { builtin: true, file: fileURLToPath(url) });
    }
    const problems: string[] = [];
    for (const file of files) {
      const path = resolve(baseDir, file);
      const check = readDefinitionFile(path, locale);
      if (check.ok) {
        definitions.push(check.definition);
        sources.set(`${check.definition.key}@${check.definition.version}`, { builtin: false, file: path });
      } else problems.push(...check.problems.map((problem) => `  - ${path}${problem.line ? `:${problem.line}` : ''} ${problem.path}: ${problem.message}`));
    }
    if (problems.length > 0) throw new CadangError('sop-invalid', [messages(locale).invalid(problems.length), ...problems].join('\n'), { problems });
    return new DefinitionRegistry(definitions, sources);
  }

  /** Every loaded definition, every version, by key then version. */
  loaded(): WorkflowDefinition[] {
    return [...this.versions.values()].sort((a, b) => a.key.localeCompare(b.key) || a.version - b.version);
  }

  /** The file a definition was read from, if the registry was loaded from files. */
  sourceOf(definition: Pick<WorkflowDefinition, 'key' | 'version'>): DefinitionSource | undefined {
    return this.sources.get(`${definition.key}@${definition.version}`);
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
