// The billing core on its own (rules R5–R8, R11): no Temporal, no database, the time passed in.
// The workflow scenarios in test/workflows prove the same rules end to end, with timers.
import type { ChargeReceipt, ChargeRequest } from '../../workflows/activity-contracts';
import {
  REMEMBERED_BATCH_IDS,
  SellerBillingCore,
  type ChargeFailure,
} from '../../workflows/billing-core';
import { freshState } from '../../workflows/billing-state';
import type {
  BillingCommandSignal,
  BillingConfig,
  CarriedBillingState,
  ChargeReason,
  SellerBillingInput,
} from '../../workflows/messages';

const DAY_MS = 24 * 60 * 60 * 1000;
const DOLLARS = 1_000_000; // micros per USD
const NOW = Date.parse('2026-11-10T12:00:00Z');
const CYCLE_END = Date.parse('2026-12-01T00:00:00Z');
const DECLINED: ChargeFailure = {
  code: 'card_declined',
  message: 'declined',
  requiresAction: false,
};

function inputFor(overrides: Partial<SellerBillingInput> = {}): SellerBillingInput {
  return {
    marketplaceId: 'm1',
    sellerId: 's1',
    settings: {
      currency: 'USD',
      timeZone: 'UTC',
      minimumChargeMinor: 50,
      dunningScheduleDays: [1, 3, 7],
      spendAlertPercent: 80,
    },
    creditLimitMinor: 100_00,
    ...overrides,
  };
}

function coreWith(overrides: Partial<SellerBillingInput> = {}): SellerBillingCore {
  return new SellerBillingCore(inputFor(overrides), NOW);
}

let batches = 0;
function spend(core: SellerBillingCore, micros: number, campaignId = 'c1'): void {
  batches += 1;
  core.accrueSpend({
    batchId: `b${batches}`,
    totalMicros: micros,
    byCampaignMicros: { [campaignId]: micros },
  });
}

function chargeRequest(core: SellerBillingCore, reason: ChargeReason): ChargeRequest {
  const step = core.planCharge(reason);
  if (step.kind !== 'charge') throw new Error(`expected a charge, got ${step.kind}`);
  return step.request;
}

function receiptFor(request: ChargeRequest, coveredMinor = request.amountMinor): ChargeReceipt {
  return {
    paymentId: `p-${request.idempotencyKey}`,
    gatewayPaymentId: 'g1',
    amountMinor: request.amountMinor,
    coveredMinor,
    cardBrand: 'visa',
    cardLast4: '4242',
    receiptNumber: 1,
  };
}

/** Charges and succeeds, resuming whatever billing paused; returns the notifications. */
function pay(core: SellerBillingCore, reason: ChargeReason, nowMs = NOW) {
  const request = chargeRequest(core, reason);
  const succeeded = core.chargeSucceeded(request, receiptFor(request), nowMs);
  return core.settled(succeeded, core.pausedCampaignIds);
}

/** Charges and fails; an active seller's campaigns c1 and c2 are paused. */
function decline(core: SellerBillingCore, reason: ChargeReason, nowMs = NOW, failure = DECLINED) {
  const request = chargeRequest(core, reason);
  const failed = core.chargeFailed(request, failure, nowMs);
  return core.failureRecorded(failed, failed.pausesCampaigns ? ['c1', 'c2'] : []);
}

describe('R5 when a card is charged', () => {
  test('(a) a limit charge is due once unbilled spend reaches the limit, not a micro before', () => {
    const core = coreWith();
    spend(core, 100 * DOLLARS - 1);
    core.takeSpendAlert();
    expect(core.actionDue()).toBe(false);
    expect(core.chargeDue(NOW)).toBeNull();
    spend(core, 1);
    expect(core.actionDue()).toBe(true);
    expect(core.chargeDue(NOW)).toBe('credit_limit');
  });

  test('(a) the whole unbilled amount is charged in whole minor units; the sub-minor remainder carries', () => {
    const core = coreWith();
    spend(core, 150 * DOLLARS + 4_321); // $150.004321
    const request = chargeRequest(core, 'credit_limit');
    expect(request).toMatchObject({ amountMinor: 150_00, currency: 'USD', reason: 'credit_limit' });
    core.settled(core.chargeSucceeded(request, receiptFor(request), NOW), []);
    expect(core.view(false).unbilledMicros).toBe(4_321);
    expect(core.chargeDue(NOW)).toBeNull();
  });

  test('(a) the limit charge never triggers below the minimum charge', () => {
    const core = coreWith({ creditLimitMinor: 10 }); // $0.10, minimum charge $0.50
    spend(core, 0.49 * DOLLARS);
    expect(core.chargeDue(NOW)).toBeNull();
    spend(core, 0.01 * DOLLARS);
    expect(core.chargeDue(NOW)).toBe('credit_limit');
  });

  test('(b) the cycle ends at the first instant of the next month; an active seller is charged what is unbilled', () => {
    const core = coreWith();
    spend(core, 12 * DOLLARS);
    expect(core.cycleEnded(CYCLE_END - 1)).toBe(false);
    expect(core.cycleEnded(CYCLE_END)).toBe(true);
    expect(core.chargesAtCycleEnd()).toBe(true);
    expect(chargeRequest(core, 'cycle_end')).toMatchObject({
      amountMinor: 12_00,
      cycleStartsAtMs: Date.parse('2026-11-01T00:00:00Z'),
      cycleEndsAtMs: CYCLE_END,
    });
  });

  test('an amount below the minimum charge is not charged: it waits and is shown as carried', () => {
    const core = coreWith();
    spend(core, 0.49 * DOLLARS);
    expect(core.planCharge('cycle_end')).toEqual({ kind: 'wait' });
    expect(core.view(false)).toMatchObject({
      unbilledMicros: 0.49 * DOLLARS,
      carriedBelowMinimum: true,
    });
  });

  test('a charge settled partly out of band deducts only what the receipt covers', () => {
    const core = coreWith();
    spend(core, 120 * DOLLARS);
    const request = chargeRequest(core, 'credit_limit');
    core.chargeSucceeded(request, receiptFor(request, 100_00), NOW);
    expect(core.view(false)).toMatchObject({
      unbilledMicros: 20 * DOLLARS,
      lifetimeChargedMicros: String(100 * DOLLARS),
      lastPayment: { status: 'succeeded', amountMinor: 100_00 },
    });
  });

  test('the timer wakes at the cycle end, or sooner at the next retry while past due', () => {
    const core = coreWith();
    expect(core.wakeAtMs()).toBe(CYCLE_END);
    spend(core, 100 * DOLLARS);
    decline(core, 'credit_limit');
    expect(core.wakeAtMs()).toBe(NOW + DAY_MS);
  });
});

describe('R6 no stop at the limit', () => {
  test('spend keeps accruing while a charge is in flight and is left unbilled after it', () => {
    const core = coreWith();
    spend(core, 100 * DOLLARS);
    const request = chargeRequest(core, 'credit_limit');
    spend(core, 7 * DOLLARS);
    core.settled(core.chargeSucceeded(request, receiptFor(request), NOW), []);
    expect(core.view(false)).toMatchObject({
      unbilledMicros: 7 * DOLLARS,
      spendThisCycleMicros: String(107 * DOLLARS),
    });
  });

  test('spend keeps accruing while past due, and a failing seller is not charged at the limit', () => {
    const core = coreWith();
    spend(core, 100 * DOLLARS);
    decline(core, 'credit_limit');
    spend(core, 300 * DOLLARS);
    expect(core.view(false).unbilledMicros).toBe(400 * DOLLARS);
    expect(core.takeSpendAlert()?.event.kind).toBe('spend_alert'); // the one thing due
    expect(core.actionDue()).toBe(false);
    expect(core.chargeDue(NOW)).toBeNull();
    expect(core.chargesAtCycleEnd()).toBe(false);
  });
});

describe('R7 failure pauses', () => {
  test('a failed charge makes an active seller past due, pauses its campaigns and schedules the first retry', () => {
    const core = coreWith();
    spend(core, 100 * DOLLARS);
    const notices = decline(core, 'credit_limit');
    expect(core.status).toBe('past_due');
    expect(core.pausedCampaignIds).toEqual(['c1', 'c2']);
    expect(notices).toEqual([
      {
        marketplaceId: 'm1',
        sellerId: 's1',
        dedupeKey: 'charge:m1:s1:1:1:failed',
        event: {
          kind: 'payment_failed',
          amountMinor: 100_00,
          currency: 'USD',
          failureCode: 'card_declined',
          failureMessage: 'declined',
          requiresAction: false,
          nextRetryAt: new Date(NOW + DAY_MS).toISOString(),
          pausedCampaignIds: ['c1', 'c2'],
        },
      },
    ]);
  });

  test('a failing seller is not paused again: the campaigns paused first stay the ones to resume', () => {
    const core = coreWith();
    spend(core, 100 * DOLLARS);
    decline(core, 'credit_limit');
    const request = chargeRequest(core, 'dunning_retry');
    const failed = core.chargeFailed(request, DECLINED, NOW + DAY_MS);
    expect(failed.pausesCampaigns).toBe(false);
    const [notice] = core.failureRecorded(failed, []);
    expect(notice?.event).toMatchObject({ kind: 'payment_failed', pausedCampaignIds: [] });
    expect(core.pausedCampaignIds).toEqual(['c1', 'c2']);
  });

  test('retries follow the schedule from the first failure; when it is used up the seller is delinquent, told once', () => {
    const core = coreWith();
    spend(core, 100 * DOLLARS);
    decline(core, 'credit_limit');
    const retryDays = [1, 3, 7];
    const kinds: string[][] = [];
    for (const day of retryDays) {
      const at = NOW + day * DAY_MS;
      expect(core.chargeDue(at - 1)).toBeNull();
      expect(core.chargeDue(at)).toBe('dunning_retry');
      kinds.push(decline(core, 'dunning_retry', at).map((notice) => notice.event.kind));
    }
    expect(kinds).toEqual([
      ['payment_failed'],
      ['payment_failed'],
      ['payment_failed', 'seller_delinquent'],
    ]);
    expect(core.status).toBe('delinquent');
    expect(core.view(false).dunning).toMatchObject({
      failedAttempts: 4,
      scheduledRetriesDone: 3,
      nextRetryAt: null,
    });
    expect(core.wakeAtMs()).toBe(CYCLE_END);
    // A delinquent seller that updates its card and fails again is not told it is delinquent twice.
    core.cardUpdated();
    const again = decline(core, 'card_updated', NOW + 8 * DAY_MS);
    expect(again.map((notice) => notice.event.kind)).toEqual(['payment_failed']);
  });

  test('a card update retries a failing seller at once and leaves the scheduled retry where it was', () => {
    const core = coreWith();
    spend(core, 100 * DOLLARS);
    decline(core, 'credit_limit');
    core.takeSpendAlert();
    expect(core.actionDue()).toBe(false);
    core.cardUpdated();
    expect(core.actionDue()).toBe(true);
    expect(core.chargeDue(NOW + 60_000)).toBe('card_updated');
    decline(core, 'card_updated', NOW + 60_000);
    expect(core.actionDue()).toBe(false);
    expect(core.view(false).dunning).toMatchObject({
      failedAttempts: 2,
      scheduledRetriesDone: 0,
      nextRetryAt: new Date(NOW + DAY_MS).toISOString(),
    });
  });

  test('a card update of an active seller asks for no charge', () => {
    const core = coreWith();
    spend(core, 10 * DOLLARS);
    core.cardUpdated();
    expect(core.actionDue()).toBe(false);
    expect(core.chargeDue(NOW)).toBeNull();
  });

  test('a card that needs authentication counts as a failure that asks the seller to act', () => {
    const core = coreWith();
    spend(core, 100 * DOLLARS);
    const [notice] = decline(core, 'credit_limit', NOW, {
      code: 'authentication_required',
      message: 'needs 3-D Secure',
      requiresAction: true,
    });
    expect(core.status).toBe('past_due');
    expect(notice?.event).toMatchObject({ kind: 'payment_failed', requiresAction: true });
    expect(core.view(false)).toMatchObject({
      lastPayment: { status: 'requires_action', failureCode: 'authentication_required' },
      dunning: { requiresAction: true },
    });
  });

  test('a payment after failures resumes exactly the campaigns billing paused and makes the seller active', () => {
    const core = coreWith();
    spend(core, 100 * DOLLARS);
    decline(core, 'credit_limit');
    decline(core, 'dunning_retry', NOW + DAY_MS);
    expect(core.pausedCampaignIds).toEqual(['c1', 'c2']);
    const notices = pay(core, 'dunning_retry', NOW + 3 * DAY_MS);
    expect(notices).toEqual([
      expect.objectContaining({
        dedupeKey: 'charge:m1:s1:1:3:succeeded',
        event: expect.objectContaining({
          kind: 'payment_succeeded',
          amountMinor: 100_00,
          resumedCampaignIds: ['c1', 'c2'],
        }),
      }),
    ]);
    expect(core.status).toBe('active');
    expect(core.pausedCampaignIds).toEqual([]);
    expect(core.view(false).dunning).toBeNull();
  });

  test('a failing seller that owes nothing chargeable any more is settled at once', () => {
    const carried: CarriedBillingState = {
      ...freshState(inputFor(), NOW),
      status: 'past_due',
      unbilledMicros: 0.2 * DOLLARS,
      pausedCampaignIds: ['c1'],
    };
    const core = new SellerBillingCore(inputFor({ carried }), NOW);
    expect(core.planCharge('dunning_retry')).toEqual({ kind: 'settle' });
    expect(core.settled(null, ['c1'])).toEqual([]);
    expect(core.status).toBe('active');
    expect(core.pausedCampaignIds).toEqual([]);
  });
});

describe('R8 limit changes', () => {
  test('a change is pending until the next cycle, a later change replaces it, and it applies at the cycle start', () => {
    const core = coreWith({ creditLimitMinor: 100_00 });
    core.changeCreditLimit(50_00);
    core.changeCreditLimit(200_00);
    expect(core.view(false)).toMatchObject({
      creditLimitMinor: 100_00,
      pendingCreditLimitMinor: 200_00,
    });
    spend(core, 100 * DOLLARS);
    expect(core.chargeDue(NOW)).toBe('credit_limit'); // the limit in force, not the pending one
    pay(core, 'credit_limit');
    core.startNextCycle();
    expect(core.view(false)).toMatchObject({
      creditLimitMinor: 200_00,
      pendingCreditLimitMinor: null,
      cycle: { startsAt: '2026-12-01T00:00:00.000Z', endsAt: '2027-01-01T00:00:00.000Z' },
    });
    spend(core, 150 * DOLLARS);
    expect(core.chargeDue(CYCLE_END)).toBeNull();
  });

  test('a new cycle starts its totals at zero; unbilled spend and lifetime totals carry', () => {
    const core = coreWith();
    spend(core, 0.3 * DOLLARS, 'c7');
    core.startNextCycle();
    expect(core.view(false)).toMatchObject({
      unbilledMicros: 0.3 * DOLLARS,
      spendThisCycleMicros: '0',
      spendByCampaignMicros: {},
      lifetimeSpendMicros: String(0.3 * DOLLARS),
    });
  });
});

describe('R11 exactly once', () => {
  test('a re-sent spend batch counts once', () => {
    const core = coreWith();
    const batch = {
      batchId: 'same',
      totalMicros: 5 * DOLLARS,
      byCampaignMicros: { c1: 5 * DOLLARS },
    };
    expect(core.accrueSpend(batch)).toBe(true);
    expect(core.accrueSpend(batch)).toBe(false);
    expect(core.view(false)).toMatchObject({
      unbilledMicros: 5 * DOLLARS,
      spendThisCycleMicros: String(5 * DOLLARS),
      spendByCampaignMicros: { c1: String(5 * DOLLARS) },
      lifetimeSpendMicros: String(5 * DOLLARS),
    });
  });

  test('applied batch ids survive continue-as-new', () => {
    const first = coreWith();
    const batch = { batchId: 'b-carried', totalMicros: 1, byCampaignMicros: {} };
    first.accrueSpend(batch);
    const next = new SellerBillingCore(first.continuation(), NOW);
    expect(next.accrueSpend(batch)).toBe(false);
    expect(next.view(false).unbilledMicros).toBe(1);
  });

  test(`the last ${REMEMBERED_BATCH_IDS} batch ids are remembered; older ones are forgotten`, () => {
    const core = coreWith();
    for (let i = 0; i <= REMEMBERED_BATCH_IDS; i += 1) {
      core.accrueSpend({ batchId: `old-${i}`, totalMicros: 1, byCampaignMicros: {} });
    }
    expect(core.accrueSpend({ batchId: 'old-1', totalMicros: 1, byCampaignMicros: {} })).toBe(
      false,
    );
    expect(core.continuation().carried?.appliedBatchIds).toHaveLength(REMEMBERED_BATCH_IDS);
    expect(core.continuation().carried?.appliedBatchIds).not.toContain('old-0');
  });

  test('every try of one attempt has the same idempotency key; a new attempt or charge gets a new one', () => {
    const core = coreWith();
    spend(core, 100 * DOLLARS);
    const keys = [chargeRequest(core, 'credit_limit').idempotencyKey];
    keys.push(chargeRequest(core, 'credit_limit').idempotencyKey);
    decline(core, 'credit_limit');
    keys.push(chargeRequest(core, 'dunning_retry').idempotencyKey);
    pay(core, 'dunning_retry');
    spend(core, 100 * DOLLARS);
    keys.push(chargeRequest(core, 'credit_limit').idempotencyKey);
    expect(keys).toEqual([
      'charge:m1:s1:1:1',
      'charge:m1:s1:1:1',
      'charge:m1:s1:1:2',
      'charge:m1:s1:2:1',
    ]);
  });

  test('totals an older run carried as numbers become exact decimal strings and keep adding past 2^53', () => {
    const carried = {
      ...freshState(inputFor(), NOW),
      spendThisCycleMicros: Number.MAX_SAFE_INTEGER,
      lateSpendThisCycleMicros: 0,
      spendByCampaignMicros: { c1: Number.MAX_SAFE_INTEGER },
      lifetimeSpendMicros: Number.MAX_SAFE_INTEGER,
      lifetimeChargedMicros: 7,
    } as unknown as CarriedBillingState;
    const core = new SellerBillingCore(inputFor({ carried }), NOW);
    core.accrueSpend({ batchId: 'b-big', totalMicros: 2, byCampaignMicros: { c1: 2 } });
    expect(core.view(false)).toMatchObject({
      spendThisCycleMicros: '9007199254740993',
      spendByCampaignMicros: { c1: '9007199254740993' },
      lifetimeSpendMicros: '9007199254740993',
      lifetimeChargedMicros: '7',
      lateSpendThisCycleMicros: '0',
    });
  });
});

describe('spend alert', () => {
  test('is sent once a cycle when unbilled spend reaches the alert share of the limit', () => {
    const core = coreWith();
    spend(core, 80 * DOLLARS - 1);
    expect(core.takeSpendAlert()).toBeNull();
    spend(core, 1);
    expect(core.actionDue()).toBe(true);
    expect(core.takeSpendAlert()).toEqual({
      marketplaceId: 'm1',
      sellerId: 's1',
      dedupeKey: `spend-alert:m1:s1:${Date.parse('2026-11-01T00:00:00Z')}`,
      event: {
        kind: 'spend_alert',
        unbilledMicros: 80 * DOLLARS,
        creditLimitMinor: 100_00,
        currency: 'USD',
        percent: 80,
      },
    });
    expect(core.takeSpendAlert()).toBeNull();
    core.startNextCycle();
    expect(core.takeSpendAlert()?.dedupeKey).toBe(`spend-alert:m1:s1:${CYCLE_END}`);
  });

  test('is never sent without a credit limit', () => {
    const core = coreWith({ creditLimitMinor: 0 });
    spend(core, 1_000 * DOLLARS);
    expect(core.takeSpendAlert()).toBeNull();
  });
});

describe('billing commands', () => {
  const CONFIG = {
    version: 1,
    creditLimitMinor: 100_00,
    minimumChargeMinor: 50,
    dunningScheduleDays: [1, 3, 7],
    spendAlertPercent: 80,
  };
  let commands = 0;
  function command(
    kind: BillingCommandSignal['kind'],
    config: Partial<BillingConfig> = {},
    commandId = `cmd-${(commands += 1)}`,
  ): BillingCommandSignal {
    return { commandId, kind, config: { ...CONFIG, ...config } };
  }

  test('a new limit is pending until the next cycle (R8); one equal to the limit in force cancels it', () => {
    const core = coreWith();
    core.applyCommand(command('credit_limit_changed', { version: 1, creditLimitMinor: 250_00 }));
    expect(core.view(false)).toMatchObject({
      creditLimitMinor: 100_00,
      pendingCreditLimitMinor: 250_00,
    });
    core.applyCommand(command('credit_limit_changed', { version: 2, creditLimitMinor: 100_00 }));
    expect(core.view(false).pendingCreditLimitMinor).toBeNull();
    core.applyCommand(command('settings_changed', { version: 3, creditLimitMinor: 300_00 }));
    core.startNextCycle();
    expect(core.view(false)).toMatchObject({
      creditLimitMinor: 300_00,
      pendingCreditLimitMinor: null,
    });
  });

  test('a redelivered command is applied once: a repeated card update retries only once', () => {
    const core = coreWith();
    spend(core, 100 * DOLLARS);
    decline(core, 'credit_limit');
    core.takeSpendAlert();
    const cardUpdated = command('payment_method_updated', { version: 1 });
    expect(core.applyCommand(cardUpdated)).toBe(true);
    expect(core.chargeDue(NOW + 60_000)).toBe('card_updated');
    decline(core, 'card_updated', NOW + 60_000);
    expect(core.applyCommand(cardUpdated)).toBe(false);
    expect(core.actionDue()).toBe(false);
    expect(core.chargeDue(NOW + 120_000)).toBeNull();
  });

  test('applied command ids survive continue-as-new', () => {
    const first = coreWith();
    const cardUpdated = command('payment_method_updated');
    first.applyCommand(cardUpdated);
    const next = new SellerBillingCore(first.continuation(), NOW);
    expect(next.applyCommand(cardUpdated)).toBe(false);
  });

  test('an older reading delivered after a newer one changes nothing', () => {
    const core = coreWith();
    core.applyCommand(command('credit_limit_changed', { version: 5, creditLimitMinor: 500_00 }));
    core.applyCommand(command('credit_limit_changed', { version: 4, creditLimitMinor: 400_00 }));
    expect(core.view(false).pendingCreditLimitMinor).toBe(500_00);
    expect(core.continuation().settings).toEqual(inputFor().settings);
  });

  test('the minimum charge and the alert share apply from now', () => {
    const core = coreWith();
    spend(core, 40 * DOLLARS);
    expect(core.takeSpendAlert()).toBeNull();
    core.applyCommand(command('settings_changed', { version: 1, spendAlertPercent: 40 }));
    expect(core.takeSpendAlert()?.event).toMatchObject({ kind: 'spend_alert', percent: 40 });
    core.applyCommand(
      command('settings_changed', { version: 2, spendAlertPercent: 40, minimumChargeMinor: 50_00 }),
    );
    expect(core.planCharge('cycle_end')).toEqual({ kind: 'wait' });
    expect(core.continuation().settings.minimumChargeMinor).toBe(50_00);
  });

  test('a new dunning schedule applies from the next failure; a retry already scheduled keeps its date', () => {
    const core = coreWith();
    spend(core, 100 * DOLLARS);
    decline(core, 'credit_limit');
    core.applyCommand(command('settings_changed', { version: 1, dunningScheduleDays: [2, 4] }));
    expect(core.view(false).dunning?.nextRetryAt).toBe(new Date(NOW + DAY_MS).toISOString());
    decline(core, 'dunning_retry', NOW + DAY_MS);
    expect(core.view(false).dunning?.nextRetryAt).toBe(new Date(NOW + 4 * DAY_MS).toISOString());
    decline(core, 'dunning_retry', NOW + 4 * DAY_MS);
    expect(core.status).toBe('delinquent');
  });

  test('currency and time zone are never changed by a command', () => {
    const core = coreWith();
    core.applyCommand(command('settings_changed', { version: 1 }));
    expect(core.continuation().settings).toMatchObject({ currency: 'USD', timeZone: 'UTC' });
  });
});

describe('R12 graduated credit limits', () => {
  const LADDER = { stepsMinor: [250_00, 500_00, 1_000_00], chargesPerStep: 2 };

  function climbing(ladder: typeof LADDER | null = LADDER, options = {}) {
    const input = inputFor();
    return new SellerBillingCore(
      { ...input, settings: { ...input.settings, creditLadder: ladder } },
      NOW,
      options,
    );
  }

  /** A cycle-end charge of $10 that succeeds; returns the credit-limit notices it brought. */
  function paysOnce(core: SellerBillingCore) {
    spend(core, 10 * DOLLARS);
    return pay(core, 'cycle_end').filter((notice) => notice.event.kind === 'credit_limit_step');
  }

  function failsOnce(core: SellerBillingCore, reason: ChargeReason = 'cycle_end') {
    spend(core, 10 * DOLLARS);
    return decline(core, reason).filter((notice) => notice.event.kind === 'credit_limit_step');
  }

  test('N successful charges in a row earn the next step, pending until the next cycle and told to the seller', () => {
    const core = climbing();
    expect(paysOnce(core)).toEqual([]);
    expect(core.view(false).creditLadder).toEqual({
      chargesInARow: 1,
      chargesPerStep: 2,
      nextStepMinor: 250_00,
    });
    const [step, ...more] = paysOnce(core);
    expect(more).toEqual([]);
    expect(step?.event).toEqual({
      kind: 'credit_limit_step',
      direction: 'up',
      creditLimitMinor: 100_00,
      nextCreditLimitMinor: 250_00,
      currency: 'USD',
      effectiveAt: new Date(CYCLE_END).toISOString(),
    });
    expect(core.view(false)).toMatchObject({
      creditLimitMinor: 100_00,
      pendingCreditLimitMinor: 250_00,
    });
    spend(core, 100 * DOLLARS);
    expect(core.chargeDue(NOW)).toBe('credit_limit'); // the step is not in force yet (R8)
    core.startNextCycle();
    expect(core.view(false)).toMatchObject({
      creditLimitMinor: 250_00,
      pendingCreditLimitMinor: null,
    });
  });

  test('one step per cycle: charges while a step is pending count toward the next, earned once it is in force', () => {
    const core = climbing();
    paysOnce(core);
    paysOnce(core); // earns $250
    expect(paysOnce(core)).toEqual([]);
    expect(paysOnce(core)).toEqual([]);
    expect(core.view(false).pendingCreditLimitMinor).toBe(250_00);
    core.startNextCycle();
    expect(paysOnce(core).map((notice) => notice.event)).toMatchObject([
      { direction: 'up', creditLimitMinor: 250_00, nextCreditLimitMinor: 500_00 },
    ]);
  });

  test('the last step is the maximum: no step and no notice beyond it', () => {
    const core = climbing({ stepsMinor: [250_00], chargesPerStep: 1 });
    expect(paysOnce(core)).toHaveLength(1);
    core.startNextCycle();
    for (let charge = 0; charge < 3; charge += 1) expect(paysOnce(core)).toEqual([]);
    core.startNextCycle();
    expect(core.view(false)).toMatchObject({
      creditLimitMinor: 250_00,
      pendingCreditLimitMinor: null,
      creditLadder: { nextStepMinor: null },
    });
  });

  test('a failed payment sends the seller back to the base at the next cycle, told once, and the count starts again', () => {
    const core = climbing({ stepsMinor: [250_00, 500_00], chargesPerStep: 1 });
    paysOnce(core);
    core.startNextCycle(); // $250 in force
    const [drop] = failsOnce(core);
    expect(drop?.event).toMatchObject({
      direction: 'back_to_base',
      creditLimitMinor: 250_00,
      nextCreditLimitMinor: 100_00,
    });
    expect(core.view(false)).toMatchObject({
      creditLimitMinor: 250_00,
      pendingCreditLimitMinor: 100_00,
      creditLadder: { chargesInARow: 0, nextStepMinor: 250_00 },
    });
    const retried = decline(core, 'dunning_retry', NOW + DAY_MS);
    expect(retried.filter((notice) => notice.event.kind === 'credit_limit_step')).toEqual([]);
    expect(core.view(false).pendingCreditLimitMinor).toBe(100_00);
    core.startNextCycle();
    expect(core.view(false).creditLimitMinor).toBe(100_00);
  });

  test('a failure cancels a step still pending; the seller is told its limit stays at the base', () => {
    const core = climbing({ stepsMinor: [250_00], chargesPerStep: 1 });
    paysOnce(core);
    expect(failsOnce(core).map((notice) => notice.event)).toMatchObject([
      { direction: 'back_to_base', creditLimitMinor: 100_00, nextCreditLimitMinor: 100_00 },
    ]);
    expect(core.view(false).pendingCreditLimitMinor).toBeNull();
  });

  test('a seller at the base is not told of a fall back to it', () => {
    const core = climbing();
    paysOnce(core);
    expect(failsOnce(core)).toEqual([]);
    expect(core.view(false).creditLadder?.chargesInARow).toBe(0);
  });

  test('without a ladder, or with a per-seller override (a config without one), the limit never moves', () => {
    const off = climbing(null);
    for (let charge = 0; charge < 4; charge += 1) expect(paysOnce(off)).toEqual([]);
    expect(off.view(false)).toMatchObject({ pendingCreditLimitMinor: null, creditLadder: null });

    const overridden = climbing();
    paysOnce(overridden);
    paysOnce(overridden); // earns $250
    overridden.applyCommand({
      commandId: 'override',
      kind: 'credit_limit_changed',
      config: {
        version: 1,
        creditLimitMinor: 300_00,
        minimumChargeMinor: 50,
        dunningScheduleDays: [1, 3, 7],
        spendAlertPercent: 80,
        creditLadder: null,
      },
    });
    expect(overridden.view(false)).toMatchObject({
      pendingCreditLimitMinor: 300_00,
      creditLadder: null,
    });
    for (let charge = 0; charge < 4; charge += 1) expect(paysOnce(overridden)).toEqual([]);
    overridden.startNextCycle();
    expect(overridden.view(false).creditLimitMinor).toBe(300_00);
  });

  test('a ladder arrives by billing command with the stored settings; the steps earned carry across continue-as-new', () => {
    const core = climbing(null);
    core.applyCommand({
      commandId: 'ladder-on',
      kind: 'settings_changed',
      config: {
        version: 1,
        creditLimitMinor: 100_00,
        minimumChargeMinor: 50,
        dunningScheduleDays: [1, 3, 7],
        spendAlertPercent: 80,
        creditLadder: LADDER,
      },
    });
    paysOnce(core);
    paysOnce(core);
    core.startNextCycle();
    const next = new SellerBillingCore(core.continuation(), NOW);
    expect(next.view(false)).toMatchObject({
      creditLimitMinor: 250_00,
      creditLadder: { chargesInARow: 0, nextStepMinor: 500_00 },
    });
  });

  test('steps the admin lowers never leave a seller above what it earned nor above the ladder', () => {
    const core = climbing({ stepsMinor: [250_00, 500_00], chargesPerStep: 1 });
    paysOnce(core);
    core.startNextCycle();
    paysOnce(core); // earns $500
    core.applyCommand({
      commandId: 'lowered',
      kind: 'settings_changed',
      config: {
        version: 1,
        creditLimitMinor: 100_00,
        minimumChargeMinor: 50,
        dunningScheduleDays: [1, 3, 7],
        spendAlertPercent: 80,
        creditLadder: { stepsMinor: [200_00, 400_00], chargesPerStep: 1 },
      },
    });
    expect(core.view(false).pendingCreditLimitMinor).toBe(400_00);
  });

  test('a run recorded before graduated limits (unpatched) ignores the ladder', () => {
    const core = climbing(LADDER, { creditLadder: false });
    for (let charge = 0; charge < 4; charge += 1) expect(paysOnce(core)).toEqual([]);
    expect(core.view(false)).toMatchObject({ pendingCreditLimitMinor: null, creditLadder: null });
  });

  test('an older run carried no ladder progress: it starts at the base it held', () => {
    const first = coreWith();
    first.changeCreditLimit(200_00);
    const carried = first.continuation().carried as CarriedBillingState;
    delete carried.creditLadder;
    const input = inputFor();
    const next = new SellerBillingCore(
      { ...input, settings: { ...input.settings, creditLadder: LADDER }, carried },
      NOW,
    );
    expect(next.continuation().carried?.creditLadder).toEqual({
      baseLimitMinor: 200_00,
      earnedLimitMinor: null,
      chargesInARow: 0,
    });
  });
});

describe('R14 credits against unbilled spend', () => {
  let credits = 0;
  function credit(amountMinor: number, commandId = `credit-cmd-${(credits += 1)}`) {
    return {
      commandId,
      kind: 'credit_issued' as const,
      config: {
        version: 0,
        creditLimitMinor: 100_00,
        minimumChargeMinor: 50,
        dunningScheduleDays: [1, 3, 7],
        spendAlertPercent: 80,
      },
      credit: { creditId: `credit-${commandId}`, amountMinor },
    };
  }

  test('a credit waits for the next step, then takes its amount off unbilled once, however often it is delivered', () => {
    const core = coreWith();
    spend(core, 30 * DOLLARS + 123);
    const issued = credit(10_00);
    expect(core.applyCommand(issued)).toBe(true);
    expect(core.view(false).unbilledMicros).toBe(30 * DOLLARS + 123);
    expect(core.actionDue()).toBe(true);
    expect(core.applyQueuedCredits()).toEqual([
      {
        marketplaceId: 'm1',
        sellerId: 's1',
        creditId: issued.credit.creditId,
        appliedMinor: 10_00,
      },
    ]);
    expect(core.view(false).unbilledMicros).toBe(20 * DOLLARS + 123);
    expect(core.applyCommand(issued)).toBe(false);
    expect(core.applyQueuedCredits()).toEqual([]);
    expect(core.actionDue()).toBe(false);
    expect(core.continuation().carried?.lifetimeCreditedMicros).toBe(String(10 * DOLLARS));
  });

  test('a credit never drives unbilled below zero: it is capped at the whole minor units unbilled, the sub-minor rest carries', () => {
    const cases = [
      { unbilledMicros: 0, creditMinor: 1, appliedMinor: 0 },
      { unbilledMicros: 9_999, creditMinor: 1, appliedMinor: 0 },
      { unbilledMicros: 10_000, creditMinor: 1, appliedMinor: 1 },
      { unbilledMicros: 5 * DOLLARS + 9_999, creditMinor: 99_999_999, appliedMinor: 500 },
      { unbilledMicros: 5 * DOLLARS, creditMinor: 500, appliedMinor: 500 },
    ];
    for (const { unbilledMicros, creditMinor, appliedMinor } of cases) {
      const core = coreWith();
      if (unbilledMicros > 0) spend(core, unbilledMicros);
      core.applyCommand(credit(creditMinor));
      expect(core.applyQueuedCredits()[0]?.appliedMinor).toBe(appliedMinor);
      expect(core.view(false).unbilledMicros).toBe(unbilledMicros - appliedMinor * 10_000);
      expect(core.view(false).unbilledMicros).toBeGreaterThanOrEqual(0);
    }
  });

  test('two credits that together exceed unbilled: the second takes only what is left', () => {
    const core = coreWith();
    spend(core, 30 * DOLLARS);
    core.applyCommand(credit(20_00));
    core.applyCommand(credit(20_00));
    expect(core.applyQueuedCredits().map((c) => c.appliedMinor)).toEqual([20_00, 10_00]);
    expect(core.view(false).unbilledMicros).toBe(0);
  });

  test('a credit that brings unbilled below the limit means no limit charge', () => {
    const core = coreWith();
    spend(core, 100 * DOLLARS);
    core.applyCommand(credit(1));
    core.applyQueuedCredits();
    expect(core.chargeDue(NOW)).toBeNull();
  });

  test('credits received but not applied survive continue-as-new', () => {
    const first = coreWith();
    spend(first, 30 * DOLLARS);
    const issued = credit(5_00);
    first.applyCommand(issued);
    const next = new SellerBillingCore(first.continuation(), NOW);
    expect(next.actionDue()).toBe(true);
    expect(next.applyQueuedCredits().map((c) => c.creditId)).toEqual([issued.credit.creditId]);
    expect(next.applyCommand(issued)).toBe(false);
  });
});
