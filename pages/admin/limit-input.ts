// A credit limit an admin typed in major units, as integer minor units within the limit rule's
// bounds, or the form's field refused with `invalid_amount`.
import { DomainError } from '../../domain/errors';
import { creditLimitMinorSchema } from '../../settings/payment-settings-schema';
import { minorFromInput } from '../format';

export function creditLimitFromInput(input: string, currency: string, field: string): number {
  const limit = minorFromInput(input, currency);
  if (limit === null || !creditLimitMinorSchema.safeParse(limit).success) {
    throw new DomainError(400, 'invalid_amount', 'Not an amount', field);
  }
  return limit;
}
