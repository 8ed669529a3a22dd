// What `npm run fuzz` hands schemathesis (its configuration: the seeded ids, so generated requests
// also reach existing resources) and what it reads back (the counts in its NDJSON report).

/** Values that broke the API before: NUL bytes, dates out of range, integers past 2^53. */
const HOSTILE = {
  string: ['\u0000', 'a\u0000b', '0000-01-01T00:00:00Z', '+275760-09-13T00:00:00Z', '0000-01-01'],
  integer: ['9007199254740993', '-9007199254740993', '99999999999999999999'],
};

/**
 * The configuration: about half the ids in paths, queries and spend events are the seeded
 * marketplace, seller and campaign (so requests reach existing resources, not only 404s), and a
 * few strings and integers anywhere are hostile values.
 */
export function fuzzConfig(ids: {
  marketplaceId: string;
  sellerId: string;
  campaignId: string;
}): string {
  const bind = (dictionary: string) => `{ dictionary = "${dictionary}", probability = 0.5 }`;
  const operations: [string, Record<string, string>][] = [
    [
      '^/v1/marketplaces/',
      { 'path.id': 'marketplace', 'path.sellerId': 'seller', 'query.sellerId': 'seller' },
    ],
    ['^/v1/sellers/', { 'path.id': 'seller', 'path.sellerId': 'seller' }],
    ['^/v1/campaigns/', { 'path.id': 'campaign' }],
    [
      '^/v1/spend-events$',
      { 'body.events[*].sellerId': 'seller', 'body.events[*].campaignId': 'campaign' },
    ],
  ];
  const toml = (value: unknown) => JSON.stringify(value);
  return [
    `dictionaries.marketplace.values = ${toml([ids.marketplaceId])}`,
    `dictionaries.seller.values = ${toml([ids.sellerId])}`,
    `dictionaries.campaign.values = ${toml([ids.campaignId])}`,
    `dictionaries.hostile-string.values = ${toml(HOSTILE.string)}`,
    `dictionaries.hostile-integer.values = ${toml(HOSTILE.integer)}`,
    'generation.dictionaries.string = { dictionary = "hostile-string", probability = 0.1 }',
    'generation.dictionaries.integer = { dictionary = "hostile-integer", probability = 0.1 }',
    ...operations.flatMap(([pathRegex, parameters]) => [
      '',
      '[[operations]]',
      `include-path-regex = ${toml(pathRegex)}`,
      `parameters = { ${Object.entries(parameters)
        .map(([field, dictionary]) => `${toml(field)} = ${bind(dictionary)}`)
        .join(', ')} }`,
    ]),
    '',
  ].join('\n');
}

export interface Tally {
  /** Requests sent (each one recorded with its answer). */
  requests: number;
  /** Answers with a 2xx status: how often the fuzz got past validation and scope. */
  successes: number;
  /** Answers with a 5xx status. */
  serverErrors: number;
  /** Test cases answered below 500 but against the document: status, content type or body. */
  nonConforming: number;
  /** Test cases with any failed check (5xx included). */
  failures: number;
  /** Scenarios schemathesis could not run, and errors it reported. */
  errors: number;
}

const CONFORMANCE_CHECKS = new Set([
  'status_code_conformance',
  'content_type_conformance',
  'response_schema_conformance',
]);

interface Recorder {
  checks?: Record<string, { name: string; status: string }[]>;
  interactions?: Record<string, { response?: { status_code: number } | null }>;
}

export function tallyReport(ndjson: string): Tally {
  const tally: Tally = {
    requests: 0,
    successes: 0,
    serverErrors: 0,
    nonConforming: 0,
    failures: 0,
    errors: 0,
  };
  for (const line of ndjson.split('\n')) {
    if (!line.trim()) continue;
    const event = JSON.parse(line) as Record<string, unknown>;
    if ('NonFatalError' in event || 'FatalError' in event) tally.errors += 1;
    const finished = event.ScenarioFinished as { status: string; recorder: Recorder } | undefined;
    if (!finished) continue;
    if (finished.status === 'error') tally.errors += 1;
    for (const interaction of Object.values(finished.recorder.interactions ?? {})) {
      const status = interaction.response?.status_code ?? 0;
      tally.requests += 1;
      if (status >= 200 && status < 300) tally.successes += 1;
      if (status >= 500) tally.serverErrors += 1;
    }
    for (const checks of Object.values(finished.recorder.checks ?? {})) {
      const failed = checks.filter((check) => check.status === 'failure');
      if (failed.length > 0) tally.failures += 1;
      const serverError = failed.some((check) => check.name === 'not_a_server_error');
      if (!serverError && failed.some((check) => CONFORMANCE_CHECKS.has(check.name))) {
        tally.nonConforming += 1;
      }
    }
  }
  return tally;
}
