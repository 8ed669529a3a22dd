// Changing a marketplace's Payments settings (R1–R3, R8): self-service switches on only when
// Stripe can charge (R1); currency and time zone are locked while any seller is self-service; a
// change the billing workflows hold (default limit, minimum charge, dunning schedule, alert
// share, credit ladder) writes a billing command for every self-service seller in the same
// transaction.
import { recordBillingCommands } from '../billing-commands/record';
import type { CommandDelivery } from '../billing-commands/relay';
import type { Database } from '../db/client';
import { DomainError } from '../domain/errors';
import type { Marketplace } from '../generated/prisma';
import type { PaymentSettingsChange } from './payment-settings-schema';
import { assertCanEnableSelfService } from './self-service-guard';

export interface SettingsDependencies {
  db: Database;
  commands: CommandDelivery;
}

/** The settings a running billing workflow holds; currency and time zone are locked instead. */
const WORKFLOW_SETTINGS = [
  'defaultCreditLimitMinor',
  'minimumChargeMinor',
  'dunningScheduleDays',
  'spendAlertPercent',
  'creditLadderEnabled',
  'creditLadderStepsMinor',
  'creditLadderChargesPerStep',
] as const;

export async function changePaymentSettings(
  deps: SettingsDependencies,
  marketplace: Marketplace,
  change: PaymentSettingsChange,
): Promise<Marketplace> {
  const { db, commands } = deps;
  if (change.selfServiceEnabled && !marketplace.selfServiceEnabled) {
    await assertCanEnableSelfService(db, marketplace.id);
  }
  await assertSettingsUnlocked(db, marketplace, change);
  assertLadderAboveDefault({ ...marketplace, ...change });
  const { updated, commandIds } = await db.$transaction(async (tx) => {
    const saved = await tx.marketplace.update({ where: { id: marketplace.id }, data: change });
    const workflowsMustLearn = WORKFLOW_SETTINGS.some(
      (field) => String(saved[field]) !== String(marketplace[field]),
    );
    return {
      updated: saved,
      commandIds: workflowsMustLearn
        ? await recordBillingCommands(tx, { marketplaceId: marketplace.id }, 'settings_changed')
        : [],
    };
  });
  await commands.deliverNow(commandIds);
  return updated;
}

/** R12: a ladder switched on has steps, all above the default limit the sellers start from. */
function assertLadderAboveDefault(settings: {
  creditLadderEnabled: boolean;
  creditLadderStepsMinor: number[];
  defaultCreditLimitMinor: bigint | number;
}): void {
  if (!settings.creditLadderEnabled) return;
  const [lowest] = settings.creditLadderStepsMinor;
  if (lowest === undefined || lowest <= Number(settings.defaultCreditLimitMinor)) {
    throw new DomainError(
      400,
      'invalid_credit_ladder',
      'Give the credit ladder at least one step, every step above the default credit limit.',
      'creditLadderStepsMinor',
    );
  }
}

/**
 * Currency and time zone are fixed in each running billing workflow (charges and cycles depend on
 * them), so they change only while no seller is self-service.
 */
async function assertSettingsUnlocked(
  db: Database,
  marketplace: { id: string; currency: string; timeZone: string },
  change: PaymentSettingsChange,
): Promise<void> {
  const field =
    change.currency !== undefined && change.currency !== marketplace.currency
      ? 'currency'
      : change.timeZone !== undefined && change.timeZone !== marketplace.timeZone
        ? 'timeZone'
        : null;
  if (!field) return;
  const selfService = await db.seller.count({
    where: { marketplaceId: marketplace.id, billingMode: 'self_service' },
  });
  if (selfService > 0) {
    throw new DomainError(
      409,
      'settings_locked',
      `The ${field === 'currency' ? 'currency' : 'time zone'} cannot change while the marketplace has self-service sellers.`,
      field,
    );
  }
}
