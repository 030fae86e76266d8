/**
 * Counts the rows in a mariadb-dump/mysqldump SQL stream as it passes, per table: the row counts
 * of exactly the data in the copy (a count taken on another connection would describe another
 * moment). It reads statements the way the dump writes them:
 *
 * - `CREATE TABLE \`name\` (` at the start of a line names a base table (0 rows so far); views
 *   and their placeholders are written inside `/*!50001 … *\/` and are not counted;
 * - `INSERT INTO \`name\` VALUES` at the start of a line opens a data statement; every `(` at
 *   nesting depth 0 outside a string literal starts one row, and `;` at depth 0 ends the
 *   statement (tuples may follow on the same line or on lines of their own, as MariaDB 10.11
 *   writes them);
 * - string literals are single-quoted with backslash escapes (`\'`, `\\`, `\n` …), so quotes,
 *   parentheses, commas and semicolons inside them are data; BLOBs are hex (`--hex-blob`);
 * - routine, trigger and event bodies sit between `DELIMITER ;;` and `DELIMITER ;` and are
 *   skipped, so an INSERT inside a trigger is not a row.
 *
 * A statement's rows are added only when it ends with `);`, so a cut-off dump never reports
 * rows it does not hold (verification rejects such a dump anyway).
 */
export interface DumpRowCounter {
  push(chunk: Buffer): void;
  /** Rows per table seen so far, keyed by table name. */
  counts(): Record<string, number>;
}

const QUOTE = 0x27;
const BACKSLASH = 0x5c;
const OPEN = 0x28;
const CLOSE = 0x29;
const SEMICOLON = 0x3b;
const NEWLINE = 0x0a;

/** How far into a line the statement keywords and a table name can reach. */
const headLimit = 600;
const insertHead = /^INSERT INTO `((?:[^`]|``)+)` VALUES\s$/;
const createHead = /^CREATE TABLE `((?:[^`]|``)+)` \($/;

/** Whether one string starts the other (the line so far may still become, or already is past, the keyword). */
function isPrefixEitherWay(head: string, keyword: string): boolean {
  return head.length <= keyword.length ? keyword.startsWith(head) : head.startsWith(keyword);
}

function tableName(quoted: string): string {
  return Buffer.from(quoted.replace(/``/g, '`'), 'latin1').toString('utf8');
}

export function createDumpRowCounter(): DumpRowCounter {
  const counts = new Map<string, number>();
  // Line-start state (outside data statements).
  let head = '';
  let headDone = false;
  let inDelimiterBlock = false;
  // Data statement state.
  let table: string | undefined;
  let rows = 0;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let previousLastByte = 0;

  function push(chunk: Buffer): void {
    let i = 0;
    const length = chunk.length;
    // Next position of each byte that matters, found with indexOf (native, fast) and cached
    // until passed: the bytes between them (digits, hex, NULL, text) are skipped unseen.
    const next = [-1, -1, -1, -1, -1];
    const wanted = [QUOTE, BACKSLASH, OPEN, CLOSE, SEMICOLON];
    const find = (slot: number): number => {
      if (next[slot]! < i) {
        const found = chunk.indexOf(wanted[slot]!, i);
        next[slot] = found === -1 ? length : found;
      }
      return next[slot]!;
    };
    while (i < length) {
      if (table !== undefined) {
        if (escaped) {
          escaped = false;
          i += 1;
          continue;
        }
        if (inString) {
          const quote = find(0);
          const backslash = find(1);
          if (backslash < quote) {
            escaped = true;
            i = backslash + 1;
          } else {
            if (quote < length) inString = false;
            i = quote + 1;
          }
          continue;
        }
        const at = Math.min(find(0), find(2), find(3), find(4));
        if (at >= length) {
          i = length;
          continue;
        }
        const byte = chunk[at]!;
        i = at + 1;
        if (byte === QUOTE) inString = true;
        else if (byte === OPEN) {
          if (depth === 0) rows += 1;
          depth += 1;
        } else if (byte === CLOSE) depth -= 1;
        else if (depth === 0) {
          // A statement's end: its rows count only when it closes as a dump's INSERT does, with ");".
          const before = at > 0 ? chunk[at - 1] : previousLastByte;
          if (before === CLOSE) counts.set(table, (counts.get(table) ?? 0) + rows);
          table = undefined;
          // The rest of this line is not a new statement's start.
          headDone = true;
          head = '';
        }
        continue;
      }
      // Outside a data statement: look at the start of each line, skip the rest.
      if (headDone) {
        const newline = chunk.indexOf(NEWLINE, i);
        if (newline === -1) return;
        i = newline + 1;
        headDone = false;
        head = '';
        continue;
      }
      const byte = chunk[i]!;
      i += 1;
      const char = String.fromCharCode(byte);
      if (inDelimiterBlock) {
        if (byte === NEWLINE) {
          if (head === 'DELIMITER ;') inDelimiterBlock = false;
          head = '';
        } else {
          head += char;
          if (!'DELIMITER ;'.startsWith(head)) headDone = true;
        }
        continue;
      }
      if ((byte === 0x20 || byte === NEWLINE) && head.startsWith('INSERT INTO `')) {
        const match = insertHead.exec(head + char);
        if (match) {
          table = tableName(match[1]!);
          rows = 0;
          depth = 0;
          inString = false;
          escaped = false;
          head = '';
          continue;
        }
      }
      if (byte === NEWLINE) {
        if (head === 'DELIMITER ;;') inDelimiterBlock = true;
        head = '';
        continue;
      }
      head += char;
      if (!(isPrefixEitherWay(head, 'INSERT INTO `') || isPrefixEitherWay(head, 'CREATE TABLE `') || 'DELIMITER ;;'.startsWith(head))) {
        headDone = true;
        continue;
      }
      if (byte === OPEN && head.startsWith('CREATE TABLE `')) {
        const match = createHead.exec(head);
        if (match) {
          const name = tableName(match[1]!);
          if (!counts.has(name)) counts.set(name, 0);
          headDone = true;
          continue;
        }
      }
      if (head.length > headLimit) headDone = true;
    }
  }

  function pushChunk(chunk: Buffer): void {
    if (chunk.length === 0) return;
    push(chunk);
    previousLastByte = chunk[chunk.length - 1]!;
  }

  return {
    push: pushChunk,
    counts: () => Object.fromEntries([...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  };
}
