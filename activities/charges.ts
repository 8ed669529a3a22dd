// The charge activity: charges the seller's default card through the gateway with the
// workflow's idempotency key and records the outcome as a payment row (one per key). When the
// default fails, the seller's other valid cards are tried, each with its own key (R13).
import { ApplicationFailure } from '@temporalio/activity';
import type { Database } from '../db/client';
import type { Payment, PaymentMethod } from '../generated/prisma';
import { backupAttemptKey, backupCardOrder } from '../payments/backup-cards';
import { TransientGatewayError, type PaymentGateway } from '../payments/gateway';
import {
  recordPaymentFailed,
  recordPaymentSucceeded,
  type PaymentFields,
} from '../payments/payment-records';
import type { Logger } from '../observability/logger';
import { charges } from '../observability/metrics';
import {
  CHARGE_FAILURE_TYPES,
  type ChargeFailureDetails,
  type ChargeReceipt,
  type ChargeRequest,
} from '../workflows/activity-contracts';

export function createChargeActivities(deps: {
  db: Database;
  gateway: PaymentGateway;
  logger: Logger;
}) {
  const { db, gateway } = deps;

  async function chargeSeller(request: ChargeRequest): Promise<ChargeReceipt> {
    const logger = deps.logger.child({
      marketplaceId: request.marketplaceId,
      sellerId: request.sellerId,
      idempotencyKey: request.idempotencyKey,
    });
    // An earlier attempt of this charge that the seller completed later (3-D Secure, settled by
    // the payment_intent.succeeded webhook) counts: only what it did not cover is still owed.
    const settledEarlier = await db.payment.findMany({
      where: {
        sellerId: request.sellerId,
        chargeSequence: request.chargeSequence,
        status: 'succeeded',
        idempotencyKey: { not: request.idempotencyKey },
        OR: [{ backupOfKey: null }, { backupOfKey: { not: request.idempotencyKey } }],
      },
      orderBy: { createdAt: 'asc' },
    });
    const settledMinor = Math.min(
      settledEarlier.reduce((sum, p) => sum + Number(p.amountMinor), 0),
      request.amountMinor,
    );
    const paid = await db.payment.findFirst({
      where: {
        OR: [{ idempotencyKey: request.idempotencyKey }, { backupOfKey: request.idempotencyKey }],
        status: 'succeeded',
        receiptNumber: { not: null },
      },
    });
    if (paid) return receiptOf(paid, settledMinor, await defaultCardFailureOf(paid));
    const owedMinor = request.amountMinor - settledMinor;
    const lastSettled = settledEarlier.at(-1);
    if (lastSettled && owedMinor < Math.max(request.minimumChargeMinor, 1)) {
      // Nothing chargeable is left: the remainder (if any) stays unbilled for the next charge.
      logger.info({ paymentId: lastSettled.id, owedMinor }, 'charge already settled out of band');
      charges.inc({ outcome: 'settled_out_of_band', currency: request.currency });
      return { ...receiptOf(lastSettled, 0), coveredMinor: settledMinor };
    }
    const seller = await db.seller.findUniqueOrThrow({
      where: { id: request.sellerId },
      include: {
        marketplace: { include: { stripeConnection: true } },
        paymentMethods: { where: { removedAt: null } },
      },
    });
    const card = seller.paymentMethods.find((saved) => saved.isDefault);
    const base: PaymentFields = {
      marketplaceId: request.marketplaceId,
      sellerId: request.sellerId,
      idempotencyKey: request.idempotencyKey,
      chargeSequence: request.chargeSequence,
      attempt: request.attempt,
      reason: request.reason,
      amountMinor: BigInt(owedMinor),
      currency: request.currency,
      gateway: gateway.name,
      cycleStartsAt: new Date(request.cycleStartsAtMs),
      cycleEndsAt: new Date(request.cycleEndsAtMs),
      cardBrand: card?.brand ?? null,
      cardLast4: card?.last4 ?? null,
    };
    if (!card || !seller.gatewayCustomerId) {
      const failure = {
        code: 'no_payment_method',
        message: 'No card is on file. Add a card under Manage payments.',
      };
      await recordFailure(base, null, failure, 'failed');
      charges.inc({ outcome: 'no_payment_method', currency: request.currency });
      throw chargeFailure(CHARGE_FAILURE_TYPES.noPaymentMethod, failure);
    }
    const customerId = seller.gatewayCustomerId;

    /**
     * Cancels the default card's PaymentIntent waiting for authentication once a backup paid. A
     * gateway that cannot answer now fails the activity, which retries (the backup's payment is
     * replayed, not made again); one that refuses (the seller authenticated it meanwhile) is
     * logged for the admin to refund, never retried into a loop.
     */
    async function cancelWithdrawnCharge(chargeKey: string, gatewayPaymentId: string) {
      try {
        await gateway.cancelPendingCharge({
          connectedAccountId: seller.marketplace.stripeConnection?.accountId ?? null,
          idempotencyKey: `${chargeKey}:cancel`,
          gatewayPaymentId,
        });
      } catch (error) {
        if (error instanceof TransientGatewayError) throw error;
        logger.error(
          { err: error, gatewayPaymentId, chargeKey },
          'the withdrawn authentication request could not be cancelled: check it at the gateway',
        );
      }
    }

    /** Charges `saved` with `idempotencyKey`: the default card, or a backup for this charge. */
    async function chargeCard(idempotencyKey: string, saved: PaymentMethod) {
      const result = await gateway.chargeOffSession({
        idempotencyKey,
        amountMinor: owedMinor,
        currency: request.currency,
        customerId,
        paymentMethodId: saved.gatewayPaymentMethodId,
        connectedAccountId: seller.marketplace.stripeConnection?.accountId ?? null,
        description: `Advertising spend, ${seller.marketplace.name}`,
        metadata: {
          marketplace_id: request.marketplaceId,
          seller_id: request.sellerId,
          charge_id: idempotencyKey,
          cycle_starts_at: new Date(request.cycleStartsAtMs).toISOString(),
        },
      });
      logger.info(
        { gateway: gateway.name, status: result.status, amountMinor: owedMinor, idempotencyKey },
        'charge attempted',
      );
      charges.inc({ outcome: result.status, currency: request.currency });
      return result;
    }

    const result = await chargeCard(request.idempotencyKey, card);
    if (result.status === 'succeeded') {
      const payment = await recordPaymentSucceeded(
        db,
        {
          marketplaceId: request.marketplaceId,
          idempotencyKey: request.idempotencyKey,
          create: base,
        },
        result,
      );
      return receiptOf(payment, settledMinor);
    }
    await recordFailure(
      base,
      result.gatewayPaymentId,
      result,
      result.status === 'declined' ? 'failed' : 'requires_action',
      result.status === 'requires_action' ? result.clientSecret : null,
    );

    const backupPayment = await chargeBackupCards(
      request.idempotencyKey,
      backupCardOrder(seller.paymentMethods, card.id, Date.now()),
      seller.backupCharging,
      async (key, backup) => {
        const fields = { ...base, idempotencyKey: key, backupOfKey: request.idempotencyKey };
        const answer = await chargeCard(key, backup);
        const cardFields = { cardBrand: backup.brand, cardLast4: backup.last4 };
        if (answer.status === 'succeeded') {
          return recordPaymentSucceeded(
            db,
            {
              marketplaceId: request.marketplaceId,
              idempotencyKey: key,
              create: { ...fields, ...cardFields },
            },
            answer,
          );
        }
        // A backup card's own authentication is never asked for: the default's request stands.
        await recordFailure(
          { ...fields, ...cardFields },
          answer.gatewayPaymentId,
          answer,
          'failed',
        );
        return null;
      },
    );
    if (backupPayment) {
      // The default's authentication request, if any, is withdrawn: the charge is paid, so the
      // waiting PaymentIntent is cancelled at the gateway and can never succeed as well.
      if (result.status === 'requires_action' && result.gatewayPaymentId) {
        await cancelWithdrawnCharge(request.idempotencyKey, result.gatewayPaymentId);
      }
      await db.payment.updateMany({
        where: { idempotencyKey: request.idempotencyKey, status: 'requires_action' },
        data: { status: 'failed', actionClientSecret: null },
      });
      logger.info({ paymentId: backupPayment.id }, 'charge paid with a backup card');
      return receiptOf(backupPayment, settledMinor, await defaultCardFailureOf(backupPayment));
    }
    throw chargeFailure(
      result.status === 'declined'
        ? CHARGE_FAILURE_TYPES.declined
        : CHARGE_FAILURE_TYPES.authenticationRequired,
      result,
    );
  }

  /**
   * Tries the backup cards of the charge `chargeKey` until one pays. The attempts a previous run
   * of this activity started are replayed first, in their order and with their keys, whatever
   * happened to the cards or the setting since: one of them may have been charged without being
   * recorded (a worker killed mid-call), and no other card may be tried before that is known.
   * Each new attempt is written down before its card is charged.
   */
  async function chargeBackupCards(
    chargeKey: string,
    candidates: PaymentMethod[],
    enabled: boolean,
    charge: (key: string, card: PaymentMethod) => Promise<Payment | null>,
  ): Promise<Payment | null> {
    const started = await db.backupChargeAttempt.findMany({
      where: { chargeKey },
      orderBy: { position: 'asc' },
      include: { paymentMethod: true },
    });
    for (const attempt of started) {
      const recorded = await db.payment.findUnique({
        where: { idempotencyKey: attempt.idempotencyKey },
      });
      if (recorded?.status === 'failed') continue;
      const payment = await charge(attempt.idempotencyKey, attempt.paymentMethod);
      if (payment) return payment;
    }
    if (!enabled) return null;
    const tried = new Set(started.map((attempt) => attempt.paymentMethodId));
    let position = started.length;
    for (const card of candidates.filter((candidate) => !tried.has(candidate.id))) {
      position += 1;
      const idempotencyKey = backupAttemptKey(chargeKey, card);
      await db.backupChargeAttempt.create({
        data: { idempotencyKey, chargeKey, position, paymentMethodId: card.id },
      });
      const payment = await charge(idempotencyKey, card);
      if (payment) return payment;
    }
    return null;
  }

  /** For a payment to a backup card: the default card that failed the charge, and why. */
  async function defaultCardFailureOf(
    payment: Payment,
  ): Promise<ChargeReceipt['defaultCardFailure']> {
    if (!payment.backupOfKey) return undefined;
    const failed = await db.payment.findUniqueOrThrow({
      where: { idempotencyKey: payment.backupOfKey },
    });
    return {
      cardBrand: failed.cardBrand ?? '',
      cardLast4: failed.cardLast4 ?? '',
      failureCode: failed.failureCode ?? '',
      failureMessage: failed.failureMessage ?? '',
    };
  }

  function recordFailure(
    base: PaymentFields,
    gatewayPaymentId: string | null,
    failure: ChargeFailureDetails,
    status: 'failed' | 'requires_action',
    actionClientSecret: string | null = null,
  ): Promise<void> {
    return recordPaymentFailed(
      db,
      { idempotencyKey: base.idempotencyKey, create: base },
      {
        status,
        gatewayPaymentId,
        code: failure.code,
        message: failure.message,
        actionClientSecret,
      },
    );
  }

  return { chargeSeller };
}

function chargeFailure(type: string, failure: ChargeFailureDetails): ApplicationFailure {
  const details: ChargeFailureDetails = { code: failure.code, message: failure.message };
  return ApplicationFailure.create({
    type,
    message: failure.message,
    nonRetryable: true,
    details: [details],
  });
}

/** The receipt of `payment`, which together with `settledEarlierMinor` covers the charge. */
function receiptOf(
  payment: Payment,
  settledEarlierMinor: number,
  defaultCardFailure?: ChargeReceipt['defaultCardFailure'],
): ChargeReceipt {
  return {
    paymentId: payment.id,
    gatewayPaymentId: payment.gatewayPaymentId ?? '',
    amountMinor: Number(payment.amountMinor),
    coveredMinor: settledEarlierMinor + Number(payment.amountMinor),
    cardBrand: payment.cardBrand ?? '',
    cardLast4: payment.cardLast4 ?? '',
    receiptNumber: payment.receiptNumber ?? 0,
    ...(defaultCardFailure ? { defaultCardFailure } : {}),
  };
}
