/**
 * Reading a YAML file people wrote (the configuration, an SOP definition) so that every problem
 * can be shown with its line: syntax errors as sentences in the reader's language with line and
 * column, and a way from a path (`['steps', 3, 'role']`) to the line that holds it.
 */
import { LineCounter, parseDocument, type Document, type ErrorCode, type YAMLError } from 'yaml';
import { defineMessages, type Locale } from '../i18n/messages.js';

const messages = defineMessages(
  {
    at: (line: number, column: number) => `baris ${line} kolom ${column}`,
    syntax: (where: string, what: string) => `bukan YAML yang sah (${where}): ${what}`,
    codes: {
      BAD_INDENT: 'indentasi (jumlah spasi di awal baris) tidak sesuai dengan baris sebelumnya',
      TAB_AS_INDENT: 'indentasi memakai tab; YAML hanya menerima spasi',
      MISSING_CHAR: 'ada tanda penutup yang hilang (misalnya "]", "}" atau tanda kutip)',
      UNEXPECTED_TOKEN: 'ada tanda yang tidak diharapkan di sini',
      DUPLICATE_KEY: 'kunci yang sama ditulis dua kali dalam satu pemetaan',
      BLOCK_AS_IMPLICIT_KEY: 'baris ini tampak seperti kunci tetapi tidak diakhiri ":"; periksa titik dua dan indentasinya',
      MULTILINE_IMPLICIT_KEY: 'kunci tidak boleh melewati lebih dari satu baris; periksa titik dua dan tanda kutip',
      BAD_SCALAR_START: 'nilai tidak boleh diawali tanda ini; apit dengan tanda kutip',
      BAD_DQ_ESCAPE: 'urutan "\\" di dalam tanda kutip ganda tidak sah',
      BLOCK_IN_FLOW: 'daftar atau pemetaan bertingkat tidak boleh di dalam [ ] atau { }',
      MULTIPLE_DOCS: 'berkas berisi lebih dari satu dokumen YAML ("---"); tulis satu saja',
      BAD_ALIAS: 'alias (*nama) tidak merujuk ke jangkar (&nama) yang ada',
      KEY_OVER_1024_CHARS: 'kunci lebih panjang dari 1024 karakter',
    } as Partial<Record<ErrorCode, string>>,
    other: () => 'susunan YAML tidak dapat dibaca',
    unclosed: (open: string, close: string) => `"${open}" dibuka tetapi tidak ditutup dengan "${close}" (atau isinya kurang menjorok)`,
  },
  {
    at: (line: number, column: number) => `line ${line} column ${column}`,
    syntax: (where: string, what: string) => `not valid YAML (${where}): ${what}`,
    codes: {
      BAD_INDENT: 'the indentation (spaces at the start of the line) does not match the lines before',
      TAB_AS_INDENT: 'a tab is used for indentation; YAML accepts spaces only',
      MISSING_CHAR: 'a closing mark is missing (such as "]", "}" or a quote)',
      UNEXPECTED_TOKEN: 'a mark that does not belong here',
      DUPLICATE_KEY: 'the same key is written twice in one mapping',
      BLOCK_AS_IMPLICIT_KEY: 'this line looks like a key but has no ":"; check the colon and the indentation',
      MULTILINE_IMPLICIT_KEY: 'a key cannot span several lines; check the colons and quotes',
      BAD_SCALAR_START: 'a value cannot start with this mark; put it in quotes',
      BAD_DQ_ESCAPE: 'a "\\" sequence inside double quotes is not valid',
      BLOCK_IN_FLOW: 'a nested list or mapping cannot sit inside [ ] or { }',
      MULTIPLE_DOCS: 'the file holds more than one YAML document ("---"); write one',
      BAD_ALIAS: 'an alias (*name) does not refer to an existing anchor (&name)',
      KEY_OVER_1024_CHARS: 'a key is longer than 1024 characters',
    } as Partial<Record<ErrorCode, string>>,
    other: () => 'the YAML structure cannot be read',
    unclosed: (open: string, close: string) => `"${open}" is opened but not closed with "${close}" (or its content is not indented enough)`,
  },
);

/** A YAML syntax problem: the line it is on and a sentence that says line, column and what is wrong. */
export interface YamlProblem {
  line: number;
  message: string;
}

export interface YamlFile {
  document: Document;
  /** Syntax problems, each once per line (a broken line often yields several errors). */
  problems: YamlProblem[];
  /** The line holding the value at `path`, or of its nearest ancestor present in the file. */
  lineOf(path: ReadonlyArray<string | number>): number | undefined;
}

/** Parses YAML text, keeping positions, and words its syntax errors in `locale`. */
export function readYaml(source: string, locale: Locale): YamlFile {
  const text = messages(locale);
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const seen = new Set<number>();
  const problems: YamlProblem[] = [];
  for (const error of document.errors as YAMLError[]) {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    if (seen.has(line)) continue;
    seen.add(line);
    // The library says "… and end with a ]" for an unclosed flow list: the likelier cause to name.
    const close = /end with an? ([\]}])/.exec(error.message)?.[1];
    const what = close ? text.unclosed(close === ']' ? '[' : '{', close) : (text.codes[error.code] ?? text.other());
    problems.push({ line, message: text.syntax(text.at(line, col), what) });
  }
  const lineOf = (path: ReadonlyArray<string | number>): number | undefined => {
    for (let length = path.length; length >= 0; length -= 1) {
      const node = document.getIn(path.slice(0, length), true) as { range?: [number, number] } | undefined;
      if (node?.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  return { document, problems, lineOf };
}
