// The admin's Payments settings (R1–R3, R8): a strict schema (unknown fields and bad values
// answer 400 and change nothing), currency and time zone locked once sellers are self-service,
// a new default limit reaching only sellers without an override, pending until the next cycle.
import { clientFor, keyFor } from '../support/api';
import { startApiStack, type ApiStack } from '../support/api-stack';
import { createMarketplace, createSelfServiceSeller } from '../support/fixtures';
import { waitFor } from '../support/wait-for';

let stack: ApiStack;
beforeAll(async () => {
  stack = await startApiStack();
});
afterAll(() => stack?.stop());

async function adminOf(marketplaceId: string) {
  return clientFor(
    stack.api,
    await keyFor(stack.database.db, 'marketplace_admin', { marketplaceId }),
  );
}

test('unknown fields and bad values answer 400 naming the field, and change nothing', async () => {
  const { db } = stack.database;
  const marketplace = await createMarketplace(db);
  const admin = await adminOf(marketplace.id);
  const path = `/v1/marketplaces/${marketplace.id}/payment-settings`;
  const unknown = await admin('PATCH', path, { spendAlertPercent: 50, creditLimit: 5 });
  expect(unknown.status).toBe(400);
  expect(unknown.body.error).toMatchObject({ code: 'invalid_request' });
  for (const [field, value] of [
    ['defaultCreditLimitMinor', 12.5],
    ['currency', 'usd'],
    ['timeZone', 'Mars/Olympus'],
    ['dunningScheduleDays', [3, 1]],
    ['invitationMode', 'open'],
  ] as const) {
    const answer = await admin('PATCH', path, { spendAlertPercent: 50, [field]: value });
    expect(answer).toMatchObject({ status: 400, body: { error: { field } } });
  }
  expect((await admin('GET', path)).body.settings).toMatchObject({ spendAlertPercent: 80 });
});

test('currency and time zone change only while no seller is self-service', async () => {
  const { db } = stack.database;
  const marketplace = await createMarketplace(db);
  const admin = await adminOf(marketplace.id);
  const path = `/v1/marketplaces/${marketplace.id}/payment-settings`;
  expect((await admin('PATCH', path, { currency: 'EUR' })).body.settings.currency).toBe('EUR');
  await createSelfServiceSeller(db, marketplace.id);
  expect(await admin('PATCH', path, { currency: 'GBP', spendAlertPercent: 50 })).toMatchObject({
    status: 409,
    body: { error: { code: 'settings_locked', field: 'currency' } },
  });
  expect((await admin('PATCH', path, { timeZone: 'Asia/Tokyo' })).body.error.field).toBe(
    'timeZone',
  );
  expect((await admin('GET', path)).body.settings).toMatchObject({
    currency: 'EUR',
    timeZone: 'UTC',
    spendAlertPercent: 80,
  });
});

test('a new default limit is pending for sellers without an override; an override for one seller', async () => {
  const { db } = stack.database;
  const marketplace = await createMarketplace(db, { defaultCreditLimitMinor: 10_000 });
  const admin = await adminOf(marketplace.id);
  const plain = (await createSelfServiceSeller(db, marketplace.id)).seller;
  const special = (await createSelfServiceSeller(db, marketplace.id, { name: 'Special' })).seller;
  await stack.billing.start(marketplace.id, plain.id);
  await stack.billing.start(marketplace.id, special.id);

  const override = await admin(
    'PUT',
    `/v1/marketplaces/${marketplace.id}/sellers/${special.id}/credit-limit`,
    { creditLimitMinor: 50_000 },
  );
  expect(override.body).toMatchObject({ creditLimitMinor: 50_000, appliesFrom: 'next_cycle' });
  await admin('PATCH', `/v1/marketplaces/${marketplace.id}/payment-settings`, {
    defaultCreditLimitMinor: 20_000,
  });

  const pendingOf = async (sellerId: string) => {
    let pending: number | null = null;
    await waitFor(async () => {
      const state = await stack.billing.state(marketplace.id, sellerId);
      pending = state?.pendingCreditLimitMinor ?? null;
      return state?.creditLimitMinor === 10_000 && pending !== null;
    });
    return pending;
  };
  expect(await pendingOf(plain.id)).toBe(20_000);
  expect(await pendingOf(special.id)).toBe(50_000);
  const sellers = await admin('GET', `/v1/marketplaces/${marketplace.id}/sellers`);
  expect(sellers.body.sellers).toHaveLength(2);
  expect(sellers.body.sellers).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ id: plain.id, creditLimitOverrideMinor: null }),
      expect.objectContaining({ id: special.id, creditLimitOverrideMinor: 50_000 }),
    ]),
  );
});

test('credit limits are bounded by one card charge (99,999,999 minor units), default and override alike', async () => {
  const { db } = stack.database;
  const marketplace = await createMarketplace(db, { defaultCreditLimitMinor: 10_000 });
  const admin = await adminOf(marketplace.id);
  // Its workflow is not running (not started yet, or terminated): the change is still saved.
  const { seller } = await createSelfServiceSeller(db, marketplace.id);
  const settings = `/v1/marketplaces/${marketplace.id}/payment-settings`;
  const override = `/v1/marketplaces/${marketplace.id}/sellers/${seller.id}/credit-limit`;
  for (const limit of [100_000_000, 2 ** 53 - 1, 2 ** 53, 9e15, 1e300]) {
    expect(await admin('PATCH', settings, { defaultCreditLimitMinor: limit })).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_request', field: 'defaultCreditLimitMinor' } },
    });
    expect(await admin('PUT', override, { creditLimitMinor: limit })).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_request', field: 'creditLimitMinor' } },
    });
  }
  expect(await db.marketplace.findUniqueOrThrow({ where: { id: marketplace.id } })).toMatchObject({
    defaultCreditLimitMinor: 10_000n,
  });
  expect(await db.seller.findUniqueOrThrow({ where: { id: seller.id } })).toMatchObject({
    creditLimitOverrideMinor: null,
  });
  const largest = await admin('PATCH', settings, { defaultCreditLimitMinor: 99_999_999 });
  expect(largest).toMatchObject({
    status: 200,
    body: { settings: { defaultCreditLimitMinor: 99_999_999 } },
  });
});

test('R12: a credit ladder is saved and answered; it must have steps, increasing and above the default, or 400 and nothing changes', async () => {
  const { db } = stack.database;
  const marketplace = await createMarketplace(db, { defaultCreditLimitMinor: 100_00 });
  const admin = await adminOf(marketplace.id);
  const path = `/v1/marketplaces/${marketplace.id}/payment-settings`;
  expect((await admin('GET', path)).body.settings).toMatchObject({
    creditLadderEnabled: false,
    creditLadderStepsMinor: [],
    creditLadderChargesPerStep: 3,
  });
  for (const [change, field] of [
    [{ creditLadderEnabled: true }, 'creditLadderStepsMinor'],
    [
      { creditLadderEnabled: true, creditLadderStepsMinor: [100_00, 250_00] },
      'creditLadderStepsMinor',
    ],
    [
      { creditLadderEnabled: true, creditLadderStepsMinor: [500_00, 250_00] },
      'creditLadderStepsMinor',
    ],
    [{ creditLadderStepsMinor: [250_00, 100_000_000] }, 'creditLadderStepsMinor.1'],
    [
      { creditLadderStepsMinor: Array.from({ length: 11 }, (_, i) => (i + 2) * 100_00) },
      'creditLadderStepsMinor',
    ],
    [{ creditLadderChargesPerStep: 0 }, 'creditLadderChargesPerStep'],
    [{ creditLadderChargesPerStep: 2.5 }, 'creditLadderChargesPerStep'],
    [{ creditLadderEnabled: 'yes' }, 'creditLadderEnabled'],
  ] as const) {
    const answer = await admin('PATCH', path, change);
    expect(answer).toMatchObject({ status: 400, body: { error: { field } } });
  }
  expect((await admin('GET', path)).body.settings).toMatchObject({
    creditLadderEnabled: false,
    creditLadderStepsMinor: [],
  });

  const ladder = {
    creditLadderStepsMinor: [250_00, 500_00, 1_000_00],
    creditLadderChargesPerStep: 2,
  };
  const saved = await admin('PATCH', path, { creditLadderEnabled: true, ...ladder });
  expect(saved).toMatchObject({
    status: 200,
    body: { settings: { creditLadderEnabled: true, ...ladder } },
  });
  // The default cannot then rise to a step or above: the ladder would start below its base.
  expect(await admin('PATCH', path, { defaultCreditLimitMinor: 250_00 })).toMatchObject({
    status: 400,
    body: { error: { code: 'invalid_credit_ladder', field: 'creditLadderStepsMinor' } },
  });
});

test('R12: sellers without an override learn the ladder through a billing command; a seller with one climbs none', async () => {
  const { db } = stack.database;
  const marketplace = await createMarketplace(db, { defaultCreditLimitMinor: 100_00 });
  const admin = await adminOf(marketplace.id);
  const plain = (await createSelfServiceSeller(db, marketplace.id)).seller;
  const special = (await createSelfServiceSeller(db, marketplace.id, { name: 'Special' })).seller;
  await stack.billing.start(marketplace.id, plain.id);
  await stack.billing.start(marketplace.id, special.id);
  await admin('PUT', `/v1/marketplaces/${marketplace.id}/sellers/${special.id}/credit-limit`, {
    creditLimitMinor: 300_00,
  });
  await admin('PATCH', `/v1/marketplaces/${marketplace.id}/payment-settings`, {
    creditLadderEnabled: true,
    creditLadderStepsMinor: [250_00, 500_00],
    creditLadderChargesPerStep: 4,
  });
  let plainLadder: unknown;
  await waitFor(async () => {
    plainLadder = (await stack.billing.state(marketplace.id, plain.id))?.creditLadder;
    return plainLadder != null;
  });
  expect(plainLadder).toEqual({ chargesInARow: 0, chargesPerStep: 4, nextStepMinor: 250_00 });
  const specialState = await stack.billing.state(marketplace.id, special.id);
  expect(specialState).toMatchObject({ pendingCreditLimitMinor: 300_00, creditLadder: null });
});
