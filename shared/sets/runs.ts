/** Consecutive rows that `same` puts together, in order (rows come sorted by their key); never an empty run. */
export function runs<T>(rows: readonly T[], same: (a: T, b: T) => boolean): [T, ...T[]][] {
  const out: [T, ...T[]][] = [];
  let current: [T, ...T[]] | undefined;
  for (const row of rows) {
    if (current !== undefined && same(current[0], row)) current.push(row);
    else {
      current = [row];
      out.push(current);
    }
  }
  return out;
}
