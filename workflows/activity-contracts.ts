// The shapes that cross between the billing workflow and its activities. Types only, so the
// workflow imports them without pulling side-effecting code into its sandbox.
import type { ChargeReason } from './messages';

/** Activity failure types the workflow branches on; none of them is retried by Temporal. */
export const CHARGE_FAILURE_TYPES = {
  declined: 'CardDeclined',
  authenticationRequired: 'AuthenticationRequired',
  noPaymentMethod: 'NoPaymentMethod',
} as const;

export interface ChargeFailureDetails {
  code: string;
  message: string;
}

export interface ChargeRequest {
  marketplaceId: string;
  sellerId: string;
  idempotencyKey: string;
  chargeSequence: number;
  attempt: number;
  reason: ChargeReason;
  amountMinor: number;
  currency: string;
  /** The processor's minimum: a smaller remainder is not charged (it carries). */
  minimumChargeMinor: number;
  cycleStartsAtMs: number;
  cycleEndsAtMs: number;
}

export interface ChargeReceipt {
  paymentId: string;
  gatewayPaymentId: string;
  /** What this payment charged. */
  amountMinor: number;
  /**
   * How much of the requested amount is now paid: this payment plus earlier attempts of the same
   * charge that were settled out of band (3-D Secure completed later). The workflow deducts this.
   */
  coveredMinor: number;
  cardBrand: string;
  cardLast4: string;
  receiptNumber: number;
  /** Set when a backup card paid (R13): the default card that failed the charge first. */
  defaultCardFailure?: DefaultCardFailure;
}

export interface DefaultCardFailure {
  cardBrand: string;
  cardLast4: string;
  failureCode: string;
  failureMessage: string;
}

/** What a credit took off unbilled spend: at most what was asked, never more than was unbilled. */
export interface AppliedCredit {
  marketplaceId: string;
  sellerId: string;
  creditId: string;
  appliedMinor: number;
}

export type BillingEvent =
  | {
      kind: 'payment_succeeded';
      amountMinor: number;
      currency: string;
      cardBrand: string;
      cardLast4: string;
      paymentId: string;
      receiptNumber: number;
      resumedCampaignIds: string[];
      /** Set when a backup card paid (R13). */
      defaultCardFailure?: DefaultCardFailure;
    }
  | {
      kind: 'payment_failed';
      amountMinor: number;
      currency: string;
      failureCode: string;
      failureMessage: string;
      requiresAction: boolean;
      nextRetryAt: string | null;
      pausedCampaignIds: string[];
    }
  | {
      kind: 'seller_delinquent';
      amountMinor: number;
      currency: string;
      failureMessage: string;
    }
  | {
      kind: 'credit_issued';
      creditId: string;
      amountMinor: number;
      currency: string;
      creditNoteNumber: number;
      reason: string;
    }
  | {
      kind: 'payment_refunded';
      refundId: string;
      paymentId: string;
      amountMinor: number;
      currency: string;
      creditNoteNumber: number;
      reason: string;
    }
  | {
      kind: 'spend_alert';
      unbilledMicros: number;
      creditLimitMinor: number;
      currency: string;
      percent: number;
    }
  | {
      /** R12: the seller earned a step, or a failed payment sends it back to the base. */
      kind: 'credit_limit_step';
      direction: 'up' | 'back_to_base';
      /** The limit in force until the cycle ends. */
      creditLimitMinor: number;
      /** The limit from the next cycle (R8). */
      nextCreditLimitMinor: number;
      currency: string;
      effectiveAt: string;
    };

export interface NotifyRequest {
  marketplaceId: string;
  sellerId: string;
  /** Same key ⇒ same notification: a retried activity never notifies twice. */
  dedupeKey: string;
  event: BillingEvent;
}
