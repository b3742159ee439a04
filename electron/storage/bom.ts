/**
 * Text without a leading UTF-8 byte-order mark. Notepad and PowerShell's `Set-Content -Encoding UTF8` write one, and
 * `JSON.parse` refuses it: a file a person opened and saved must not read as damaged.
 */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
