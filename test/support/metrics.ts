// Reads a Prometheus /metrics answer: one sample's value by metric name and labels.

export async function scrape(baseUrl: string): Promise<string> {
  const answer = await fetch(`${baseUrl}/metrics`);
  if (answer.status !== 200) throw new Error(`/metrics answered ${answer.status}`);
  return answer.text();
}

/** The sample of `name` whose labels include `labels`, or undefined when there is none. */
export function sampleOf(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([key, value]) => present[key] === value)) {
      return Number(match[3]);
    }
  }
  return undefined;
}

/** Like sampleOf, with a series not yet seen counting as 0 (a counter before its first event). */
export const countOf = (text: string, name: string, labels: Record<string, string> = {}) =>
  sampleOf(text, name, labels) ?? 0;

/** Every value the label `label` takes in the samples of `name`. */
export function labelValuesOf(text: string, name: string, label: string): string[] {
  const values = new Set<string>();
  const pattern = new RegExp(`^${name}\\{[^}]*\\b${label}="([^"]*)"`);
  for (const line of text.split('\n')) {
    const value = pattern.exec(line)?.[1];
    if (value !== undefined) values.add(value);
  }
  return [...values];
}
