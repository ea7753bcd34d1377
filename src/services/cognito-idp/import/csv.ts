// The user import file's dialect, as AWS's developer guide sets it ("Formatting the .csv file"):
// one user per line, fields separated by commas, no quoting ("Attribute values that are strings
// should not be in quotation marks"), a comma inside a value escaped with a backslash, UTF-8,
// leading and trailing white space trimmed, a line at most 16,000 characters. That is not RFC 4180,
// so no CSV library reads it as AWS does: lines are streamed by node:readline (the file is read as
// a stream of stored chunks, never whole) and each line split here by that one rule.
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';

export const MAX_LINE_CHARS = 16_000;

/** The fields of one line: split at commas not preceded by a backslash, `\,` read as a comma, each trimmed. */
export function splitLine(line: string): string[] {
  if (!line.includes('\\')) return line.split(',').map((f) => f.trim());
  const fields: string[] = [];
  let field = '';
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '\\' && line[i + 1] === ',') {
      field += ',';
      i++;
    } else if (ch === ',') {
      fields.push(field.trim());
      field = '';
    } else field += ch;
  }
  fields.push(field.trim());
  return fields;
}

/** The file's lines, numbered from 1 (the header), read from its chunks as they come. */
export async function* lines(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<{ number: number; text: string }> {
  const rl = createInterface({ input: Readable.from(chunks), crlfDelay: Number.POSITIVE_INFINITY });
  let number = 0;
  for await (const text of rl) {
    number++;
    // "UTF-8 format without byte order mark": a spreadsheet's BOM is dropped rather than read
    // into the first column's name (what AWS does with one is not on record).
    yield { number, text: number === 1 ? text.replace(/^\uFEFF/, '') : text };
  }
}
