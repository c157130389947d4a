import parsePrometheusTextFormat from 'parse-prometheus-text-format';

export type Families = ReturnType<typeof parsePrometheusTextFormat>;

export interface Scrape {
  status: number;
  contentType: string | null;
  text: string;
  families: Families;
}

/** GET /metrics as Prometheus would, parsed when it answered 200. */
export async function scrape(baseUrl: string, token: string | undefined): Promise<Scrape> {
  const res = await fetch(`${baseUrl}/metrics`, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });
  const text = await res.text();
  return { status: res.status, contentType: res.headers.get('content-type'), text, families: res.status === 200 ? parsePrometheusTextFormat(text) : [] };
}

/** The value of the one sample of `name` whose labels include `labels`; undefined when none. */
export function sample(families: Families, name: string, labels: Record<string, string> = {}): number | undefined {
  const family = families.find((f) => f.name === name);
  const found = family?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  return found?.value === undefined ? undefined : Number(found.value);
}

/** Every label set of `name`. */
export function labelSets(families: Families, name: string): Record<string, string>[] {
  return families.find((f) => f.name === name)?.metrics.map((m) => m.labels ?? {}) ?? [];
}
