/**
 * A glob with `*` as its only wildcard, as a LIKE pattern for `ESCAPE '\'`: the independent
 * reading of a glob that the rollup's own matcher (`glob_match`) is checked against.
 */
export function globToLike(glob: string): string {
  let out = '';
  for (const ch of glob) {
    if (ch === '*') out += '%';
    else if (ch === '%' || ch === '_' || ch === '\\') out += `\\${ch}`;
    else out += ch;
  }
  return out;
}
