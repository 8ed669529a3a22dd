// R16: every marketplace with Payments has its daily reconciliation Schedule on a real Temporal
// server (the dev server: the time-skipping test server does not implement Schedules). Enabling
// Payments makes it, the worker's keeper makes any that is missing and none for a marketplace
// without Payments, making it again is a no-op, and a triggered Schedule runs a reconciliation.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ScheduleNotFoundError } from '@temporalio/client';
import { createLogger } from '../../observability/logger';
import { DatabaseChargeRecord } from '../../payments/simulated-charge-record';
import { SimulatedGateway } from '../../payments/simulated-gateway';
import { ReconciliationScheduleKeeper } from '../../reconciliation/schedule-keeper';
import { localDayBefore } from '../../rules';
import { ReconciliationSchedules } from '../../temporal/reconciliation-schedules';
import { SellerBillingClient } from '../../temporal/seller-billing-client';
import type { BillingWorkers } from '../../worker/billing-worker';
import { reconciliationScheduleId } from '../../workflows/ids';
import { clientFor, keyFor, startApi } from '../support/api';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startDevServer } from '../support/dev-server';
import { createMarketplace } from '../support/fixtures';
import { createTestWorker } from '../support/temporal';
import { waitFor } from '../support/wait-for';

const logger = createLogger('reconciliation-schedule-test');
let env: TestWorkflowEnvironment;
let database: TestDatabase;
let worker: BillingWorkers;
let running: Promise<void>;
let schedules: ReconciliationSchedules;

beforeAll(async () => {
  [env, database] = await Promise.all([startDevServer(), createTestDatabase()]);
  const gateway = new SimulatedGateway({ record: new DatabaseChargeRecord(database.db) });
  worker = await createTestWorker(env, { db: database.db, gateway, logger });
  running = worker.run();
  schedules = new ReconciliationSchedules(env.client);
});
afterAll(async () => {
  worker?.shutdown();
  await running;
  await database?.close();
  await env?.teardown();
});

const describeSchedule = (marketplaceId: string) =>
  env.client.schedule.getHandle(reconciliationScheduleId(marketplaceId)).describe();

test('enabling Payments makes the Schedule: readable id, memo, 02:00 in the time zone, the day before', async () => {
  const { db } = database;
  const api = await startApi({ db, billing: new SellerBillingClient(env.client, db) });
  try {
    const marketplace = await db.marketplace.create({
      data: { name: 'Marché Central', timeZone: 'Europe/Paris', currency: 'EUR' },
    });
    const platform = clientFor(api, await keyFor(db, 'platform'));
    const enabled = await platform('POST', `/v1/marketplaces/${marketplace.id}/payments/enable`);
    expect(enabled.status).toBe(200);

    const description = await describeSchedule(marketplace.id);
    expect(description.scheduleId).toBe(`reconciliation:${marketplace.id}`);
    expect(description.memo).toEqual({
      marketplaceId: marketplace.id,
      marketplaceName: 'Marché Central',
      what: expect.stringContaining('R16'),
    });
    expect(description.spec.timezone).toBe('Europe/Paris');
    expect(description.spec.calendars).toEqual([
      expect.objectContaining({
        hour: [{ start: 2, end: 2, step: 1 }],
        minute: [{ start: 0, end: 0, step: 1 }],
      }),
    ]);
    expect(description.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: 'marketplaceReconciliation',
      args: [{ marketplaceId: marketplace.id, day: null, trigger: 'schedule' }],
    });
    // Idempotent: the same Schedule is kept; a new time zone is brought up to date.
    expect(await schedules.ensure({ ...marketplace, timeZone: 'Europe/Paris' })).toBe('kept');
    expect(await schedules.ensure({ ...marketplace, timeZone: 'America/Toronto' })).toBe('updated');
    expect((await describeSchedule(marketplace.id)).spec.timezone).toBe('America/Toronto');
  } finally {
    await api.close();
  }
});

test('the worker keeper makes the missing Schedules of marketplaces with Payments, once', async () => {
  const { db } = database;
  const withPayments = await createMarketplace(db, { timeZone: 'Asia/Tokyo' });
  const withoutPayments = await db.marketplace.create({ data: { name: 'Not yet' } });
  const keeper = new ReconciliationScheduleKeeper({ db, schedules, logger });

  expect(await keeper.pass()).toBeGreaterThanOrEqual(1);
  expect((await describeSchedule(withPayments.id)).spec.timezone).toBe('Asia/Tokyo');
  await expect(describeSchedule(withoutPayments.id)).rejects.toBeInstanceOf(ScheduleNotFoundError);
  expect(await keeper.pass()).toBe(0);
});

test('a triggered Schedule reconciles the day before in the marketplace time zone', async () => {
  const { db } = database;
  const marketplace = await createMarketplace(db, { timeZone: 'Pacific/Auckland' });
  await schedules.ensure(marketplace);
  const handle = env.client.schedule.getHandle(reconciliationScheduleId(marketplace.id));
  await handle.trigger();
  await waitFor(
    async () =>
      (await db.reconciliationRun.count({ where: { marketplaceId: marketplace.id } })) > 0,
  );
  const run = await db.reconciliationRun.findFirstOrThrow({
    where: { marketplaceId: marketplace.id },
  });
  const [action] = (await handle.describe()).info.recentActions;
  // The run's day is the local day before its start, which lies between the action and the row
  // (test/unit/cycles.test.ts checks the local day itself).
  const dayBefore = (at: Date) => localDayBefore(at.getTime(), 'Pacific/Auckland').day;
  expect(run).toMatchObject({ trigger: 'schedule', differenceCount: 0 });
  expect([dayBefore(action!.takenAt), dayBefore(run.createdAt)]).toContain(run.day);
});
