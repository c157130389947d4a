/** How a command prints its result: JSON for programs, `NAME='value'` lines for a shell's `eval`. */
export type OutputFormat = 'json' | 'env';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['json', 'env'];

/** Prints one JSON document on stdout: the CLI's output is data for scripts. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Prints `NAME='value'` lines that `eval "$(npx cuepoint …)"` turns into shell variables.
 * Single quotes keep every character literal; a quote inside a value is closed, escaped, reopened.
 */
export function printEnv(vars: Readonly<Record<string, string>>): void {
  const lines = Object.entries(vars).map(([name, value]) => `${name}='${value.replaceAll("'", `'\\''`)}'`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

export function printAs(format: OutputFormat, json: unknown, env: Readonly<Record<string, string>>): void {
  if (format === 'env') printEnv(env);
  else printJson(json);
}
