// POST /v1/spend-events: validated batches committed before the 202, each event id counted once
// per marketplace however it is repeated, and nothing acknowledged is ever lost.
import { issueApiKey } from '../../access/api-keys';
import type { RecordOutcome } from '../../spend/ledger';
import { callApi, startApi, type RunningApi } from '../support/api';
import { createTestDatabase, type TestDatabase } from '../support/database';
import {
  createManagedSeller,
  createMarketplace,
  createSelfServiceSeller,
  spendEvent,
} from '../support/fixtures';

let database: TestDatabase;
let api: RunningApi;
let ingestKey: string;
let sellerId: string;
let campaignId: string;
let marketplaceId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  const { db } = database;
  const marketplace = await createMarketplace(db);
  marketplaceId = marketplace.id;
  const { seller, campaigns } = await createSelfServiceSeller(db, marketplace.id);
  sellerId = seller.id;
  campaignId = campaigns[0]!.id;
  ingestKey = await issueApiKey(db, { role: 'ingest', marketplaceId });
  api = await startApi({ db });
});
afterAll(async () => {
  await api?.kill();
  await database?.close();
});

type IngestAnswer = RecordOutcome & { error: { code: string } };
const post = (body: unknown, key = ingestKey) =>
  callApi<IngestAnswer>(api.url, key, '/v1/spend-events', body);
const event = (eventId: string, amountMicros = 1_000) =>
  spendEvent(eventId, sellerId, campaignId, amountMicros);
const ledgerRows = (prefix: string) =>
  database.db.spendEvent.findMany({
    where: { eventId: { startsWith: prefix } },
    orderBy: { eventId: 'asc' },
  });

test('a repeated event id counts once, within a batch and across batches', async () => {
  const first = await post({
    events: [event('dup-a', 100), event('dup-b', 200), event('dup-a', 999)],
  });
  expect(first).toEqual({ status: 202, body: { accepted: 2, duplicates: 1, rejected: [] } });
  const second = await post({ events: [event('dup-b', 200), event('dup-c', 300)] });
  expect(second.body).toEqual({ accepted: 1, duplicates: 1, rejected: [] });

  const rows = await ledgerRows('dup-');
  expect(rows.map((row) => [row.eventId, row.amountMicros])).toEqual([
    ['dup-a', 100n],
    ['dup-b', 200n],
    ['dup-c', 300n],
  ]);
});

test('concurrent requests carrying the same events store each event once', async () => {
  const shared = Array.from({ length: 300 }, (_, i) => event(`conc-shared-${i}`));
  const responses = await Promise.all(
    Array.from({ length: 6 }, (_, r) =>
      post({
        events: [...shared, ...Array.from({ length: 50 }, (_, i) => event(`conc-own-${r}-${i}`))],
      }),
    ),
  );
  expect(responses.every((response) => response.status === 202)).toBe(true);
  const accepted = responses.reduce((sum, response) => sum + response.body.accepted, 0);
  const duplicates = responses.reduce((sum, response) => sum + response.body.duplicates, 0);
  expect(accepted).toBe(300 + 6 * 50);
  expect(duplicates).toBe(5 * 300);
  expect(await database.db.spendEvent.count({ where: { eventId: { startsWith: 'conc-' } } })).toBe(
    600,
  );
});

test('invalid events are rejected by index and code while the valid ones are committed', async () => {
  const future = new Date(Date.now() + 10 * 60_000).toISOString();
  const response = await post({
    events: [
      event('mixed-ok-1'),
      event('', 1),
      { ...event('mixed-bad-amount'), amountMicros: 1.5 },
      event('mixed-ok-2'),
      { ...event('mixed-future'), occurredAt: future },
      { ...event('mixed-bad-time'), occurredAt: '10/03/2026' },
      { ...event('mixed-other-campaign'), campaignId: '00000000-0000-4000-8000-000000000000' },
      event('x'.repeat(129)),
      { ...event('mixed-negative'), amountMicros: -5 },
    ],
  });
  expect(response.status).toBe(202);
  expect(response.body.accepted).toBe(2);
  expect(response.body.duplicates).toBe(0);
  expect(response.body.rejected.map((r) => [r.index, r.code])).toEqual([
    [1, 'invalid_event_id'],
    [2, 'invalid_amount'],
    [4, 'time_in_future'],
    [5, 'invalid_time'],
    [6, 'unknown_campaign'],
    [7, 'invalid_event_id'],
    [8, 'invalid_amount'],
  ]);
  expect((await ledgerRows('mixed-')).map((row) => row.eventId)).toEqual([
    'mixed-ok-1',
    'mixed-ok-2',
  ]);
});

test('a malformed request is a 400 and writes nothing', async () => {
  const before = await database.db.spendEvent.count();
  const tooMany = Array.from({ length: 5_001 }, (_, i) => event(`malformed-${i}`));
  for (const body of [
    '{"events": [',
    { events: 'none' },
    { events: [] },
    { events: tooMany },
    { evts: [event('m')] },
  ]) {
    const response = await post(body);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toMatch(/^(malformed_json|invalid_request)$/);
  }
  expect(await database.db.spendEvent.count()).toBe(before);
});

test('only an ingest key may report spend, and only for its own marketplace', async () => {
  const { db } = database;
  const adminKey = await issueApiKey(db, { role: 'marketplace_admin', marketplaceId });
  expect((await post({ events: [event('scope-1')] }, adminKey)).status).toBe(403);
  const other = await createMarketplace(db);
  const otherIngestKey = await issueApiKey(db, { role: 'ingest', marketplaceId: other.id });
  const response = await post({ events: [event('scope-2')] }, otherIngestKey);
  expect(response.body.rejected).toEqual([
    expect.objectContaining({ index: 0, code: 'unknown_campaign' }),
  ]);
  expect(await db.spendEvent.count({ where: { eventId: { startsWith: 'scope-' } } })).toBe(0);
});

test("a managed seller's spend is recorded but not billable", async () => {
  const { db } = database;
  const managed = await createManagedSeller(db, marketplaceId);
  const response = await post({
    events: [
      spendEvent('managed-1', managed.seller.id, managed.campaign.id, 5_000_000),
      event('selfserve-1'),
    ],
  });
  expect(response.body.accepted).toBe(2);
  const rows = await db.spendEvent.findMany({
    where: { eventId: { in: ['managed-1', 'selfserve-1'] } },
  });
  expect(Object.fromEntries(rows.map((row) => [row.eventId, row.billable]))).toEqual({
    'managed-1': false,
    'selfserve-1': true,
  });
});

test('the API killed mid-stream loses no acknowledged event, and retries store none twice', async () => {
  const port = Number(new URL(api.url).port);
  const batches = Array.from({ length: 40 }, (_, b) =>
    Array.from({ length: 250 }, (_, i) => event(`stream-${b}-${i}`, 1_000 + i)),
  );
  const acknowledged = new Set<number>();
  const send = async (b: number) => {
    const response = await post({ events: batches[b] }).catch(() => null);
    if (response?.status === 202) acknowledged.add(b);
  };
  // Four senders stream batches; the API is killed while requests are in flight.
  let next = 0;
  const senders = Array.from({ length: 4 }, async () => {
    while (next < batches.length) await send(next++);
  });
  while (acknowledged.size < 10) await new Promise((resolve) => setTimeout(resolve, 5));
  await api.kill();
  await Promise.all(senders);
  const acknowledgedBeforeRestart = [...acknowledged];
  expect(acknowledgedBeforeRestart.length).toBeLessThan(batches.length);

  const stored = new Set((await ledgerRows('stream-')).map((row) => row.eventId));
  for (const b of acknowledgedBeforeRestart) {
    expect(batches[b]!.every((e) => stored.has(e.eventId))).toBe(true);
  }

  // The ad server retries everything not acknowledged against the restarted API.
  api = await startApi({ db: database.db }, port);
  for (let b = 0; b < batches.length; b += 1) if (!acknowledged.has(b)) await send(b);
  expect(acknowledged.size).toBe(batches.length);
  const rows = await ledgerRows('stream-');
  expect(rows).toHaveLength(40 * 250);
  expect(rows.reduce((sum, row) => sum + row.amountMicros, 0n)).toBe(
    BigInt(40 * (250 * 1_000 + (249 * 250) / 2)),
  );
});

test('hostile events are rejected one by one with their own code; the rest of the batch commits', async () => {
  const day = 24 * 60 * 60_000;
  const usdMax = 99_999_999 * 10_000; // the largest USD charge, in micros
  const hostile: Array<[unknown, string, string]> = [
    [{ ...event('hostile-nul\u0000id') }, 'invalid_event_id', 'eventId'],
    [{ ...event('hostile-newline\nid') }, 'invalid_event_id', 'eventId'],
    [
      { ...event('hostile-year-0'), occurredAt: '0000-01-01T00:00:00Z' },
      'invalid_time',
      'occurredAt',
    ],
    [
      { ...event('hostile-feb-30'), occurredAt: '2026-02-30T00:00:00Z' },
      'invalid_time',
      'occurredAt',
    ],
    [
      { ...event('hostile-hour-24'), occurredAt: '2026-03-01T24:00:00Z' },
      'invalid_time',
      'occurredAt',
    ],
    [
      { ...event('hostile-far-year'), occurredAt: '+275760-09-13T00:00:00Z' },
      'invalid_time',
      'occurredAt',
    ],
    [
      { ...event('hostile-year-1'), occurredAt: '0001-01-01T00:00:00Z' },
      'time_too_old',
      'occurredAt',
    ],
    [
      { ...event('hostile-epoch'), occurredAt: '1970-01-01T00:00:00Z' },
      'time_too_old',
      'occurredAt',
    ],
    [
      { ...event('hostile-41-days'), occurredAt: new Date(Date.now() - 41 * day).toISOString() },
      'time_too_old',
      'occurredAt',
    ],
    [{ ...event('hostile-2-53'), amountMicros: 2 ** 53 }, 'invalid_amount', 'amountMicros'],
    [
      { ...event('hostile-9e15'), amountMicros: 9_000_000_000_000_000 },
      'invalid_amount',
      'amountMicros',
    ],
    [
      { ...event('hostile-usd-max+1'), amountMicros: usdMax + 1 },
      'amount_too_large',
      'amountMicros',
    ],
    [{ ...event('hostile-string'), amountMicros: '1000' }, 'invalid_amount', 'amountMicros'],
    ['not an object', 'invalid_event', ''],
  ];
  const fine = [
    event('hostile-ok-usd-max', usdMax),
    { ...event('hostile-ok-39-days'), occurredAt: new Date(Date.now() - 39 * day).toISOString() },
    {
      ...event('hostile-ok-offset'),
      occurredAt: new Date(Date.now() - day).toISOString().replace('Z', '+00:00'),
    },
  ];
  const response = await post({ events: [...hostile.map(([e]) => e), ...fine] });

  expect(response.status).toBe(202);
  expect(response.body.rejected.map((r) => [r.index, r.code, r.field ?? ''])).toEqual(
    hostile.map(([, code, field], index) => [index, code, field]),
  );
  expect(response.body.accepted).toBe(fine.length);
  expect((await ledgerRows('hostile-')).map((row) => row.eventId)).toEqual([
    'hostile-ok-39-days',
    'hostile-ok-offset',
    'hostile-ok-usd-max',
  ]);
});

test('the largest spend event follows the currency: 99,999,999 minor units of it', async () => {
  const { db } = database;
  const yen = await createMarketplace(db, { currency: 'JPY' });
  const { seller, campaigns } = await createSelfServiceSeller(db, yen.id);
  const yenIngest = await issueApiKey(db, { role: 'ingest', marketplaceId: yen.id });
  const yenEvent = (eventId: string, amountMicros: number) =>
    spendEvent(eventId, seller.id, campaigns[0]!.id, amountMicros);
  const yenMax = 99_999_999 * 1_000_000;
  const response = await post(
    { events: [yenEvent('yen-max', yenMax), yenEvent('yen-max+1', yenMax + 1)] },
    yenIngest,
  );
  expect(response.body.accepted).toBe(1);
  expect(response.body.rejected).toEqual([
    expect.objectContaining({ index: 1, code: 'invalid_amount', field: 'amountMicros' }),
  ]);
});
