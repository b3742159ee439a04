/** One cell of a CSV report: text (always quoted), a number (written bare, so it stays a number) or empty. */
export type Cell = string | number | null;

/**
 * OWASP CSV injection: a text cell starting with `=`, `+`, `-`, `@`, tab, CR or LF would be read by a spreadsheet
 * as a formula, so it gets a leading apostrophe. Numbers stay numbers: they are never passed through here.
 */
export function neutralise(text: string): string {
  const first = text.charCodeAt(0);
  // = + - @ \t \r \n
  return first === 61 || first === 43 || first === 45 || first === 64 || first === 9 || first === 13 || first === 10
    ? `'${text}`
    : text;
}

/** Text from the CommServe or the user as a cell: neutralised, and empty when there is none. */
export function textCell(value: string | null | undefined): Cell {
  return value === null || value === undefined || value === '' ? null : neutralise(value);
}
