/** The value after `--<name>` on the command line, else `fallback`: for the small one-purpose bench scripts. */
export function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}
