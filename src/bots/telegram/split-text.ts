/** Telegram's limit on a message's text, in UTF-16 code units (what `string.length` counts). */
export const telegramTextLimit = 4096;

/**
 * Splits a message's text into pieces of at most `limit` characters, cutting at the last line
 * break that keeps a piece at least half full, else at the last space, else anywhere but inside
 * a surrogate pair. Text that fits is returned as one piece; no piece is empty.
 */
export function splitMessageText(text: string, limit = telegramTextLimit): string[] {
  if (limit < 2) throw new RangeError('limit must be at least 2');
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const window = rest.slice(0, limit + 1);
    const newline = window.lastIndexOf('\n');
    const space = window.lastIndexOf(' ');
    // Cut at a separator and drop it (a line break or space at the cut carries nothing).
    const at = newline >= limit / 2 ? newline : space >= limit / 2 ? space : -1;
    if (at > 0) {
      pieces.push(rest.slice(0, at));
      rest = rest.slice(at + 1);
      continue;
    }
    const code = rest.charCodeAt(limit - 1);
    const cut = code >= 0xd800 && code <= 0xdbff ? limit - 1 : limit; // keep a surrogate pair whole
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest.length > 0 || pieces.length === 0) pieces.push(rest);
  return pieces;
}

/** Shortens text to `limit` characters with an ellipsis, for places that cannot be split (an edit, a caption). */
export function truncateText(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const code = text.charCodeAt(limit - 2);
  const cut = code >= 0xd800 && code <= 0xdbff ? limit - 2 : limit - 1;
  return `${text.slice(0, cut)}…`;
}
