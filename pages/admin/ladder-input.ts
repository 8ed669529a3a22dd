// The credit ladder (R12) as an admin types it on the settings page: steps in major units, one a
// line, and the charges a step asks for; as settings within the schema's bounds, or the form
// refused with `invalid_credit_ladder` (a step that is not an amount: `invalid_amount`).
import { DomainError } from '../../domain/errors';
import {
  paymentSettingsSchema,
  type PaymentSettingsChange,
} from '../../settings/payment-settings-schema';
import { creditLimitFromInput } from './limit-input';

export function creditLadderFromInput(
  input: { enabled: boolean; steps: string; chargesPerStep: string },
  currency: string,
): PaymentSettingsChange {
  const steps = input.steps
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => creditLimitFromInput(line, currency, 'creditLadderSteps'));
  const parsed = paymentSettingsSchema.safeParse({
    creditLadderEnabled: input.enabled,
    creditLadderStepsMinor: steps,
    creditLadderChargesPerStep: /^\d{1,3}$/.test(input.chargesPerStep.trim())
      ? Number(input.chargesPerStep.trim())
      : NaN,
  });
  if (!parsed.success) {
    throw new DomainError(400, 'invalid_credit_ladder', 'Not a credit ladder', 'creditLadderSteps');
  }
  return parsed.data;
}
