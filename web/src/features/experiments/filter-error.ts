import { isApiError } from "@/lib/api/errors";

/** A search filter the server refused: its message, and where in the text it stopped (a character index). */
export interface FilterProblem {
  message: string;
  position: number | null;
}

/**
 * The server names the failing spot as "... at position <n>", a 0-based *byte* offset in the UTF-8
 * filter; the input box counts UTF-16 characters, so the offset is mapped back onto the text.
 */
export function filterProblemOf(error: unknown, filter: string): FilterProblem | null {
  if (!isApiError(error) || error.status !== 400 || error.field !== "filter") return null;
  const match = /at position (\d+)/.exec(error.message);
  if (!match) return { message: error.message, position: null };
  return { message: error.message, position: charIndexOfByte(filter, Number(match[1])) };
}

function charIndexOfByte(text: string, byteOffset: number): number {
  const encoder = new TextEncoder();
  let bytes = 0;
  let index = 0;
  for (const ch of text) {
    if (bytes >= byteOffset) return index;
    bytes += encoder.encode(ch).length;
    index += ch.length;
  }
  return text.length;
}
