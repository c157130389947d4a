/**
 * CSV text (RFC 4180) whose cells a spreadsheet shows as text: a cell starting with `=`, `+`,
 * `-`, `@`, tab or carriage return would be read as a formula (page titles and labels are sent
 * by anyone holding the public write key), so it gets a leading `'`. Numbers are written as
 * numbers: a negative number is data, not a formula.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  const lines = [header.map((h) => cell(h)), ...rows.map((r) => r.map((c) => cell(c)))];
  return `${lines.map((l) => l.join(',')).join('\r\n')}\r\n`;
}

const FORMULA_START = /^[=+\-@\t\r]/;

function cell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Offers CSV text as a file download (UTF-8 with a byte order mark, so spreadsheet programs read Japanese right). */
export function downloadCsv(filename: string, csv: string): void {
  const blob = new Blob(['\uFEFF', csv], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
