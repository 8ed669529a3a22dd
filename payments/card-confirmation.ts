// Confirming a card the seller set up (R4): the SetupIntent must be the seller's; a test card in
// the request is taken only by a gateway that plays the browser's part (the simulated one), since
// with Stripe no card detail ever reaches our server. The confirmed card becomes the default.
import { DomainError, notFoundError } from '../domain/errors';
import type { PaymentMethod } from '../generated/prisma';
import {
  saveConfirmedCard,
  sellersSetupIntent,
  type CardDependencies,
  type CardOwner,
} from './saved-cards';

export async function confirmCard(
  deps: CardDependencies,
  owner: CardOwner,
  request: { setupIntentId: string; card?: string },
): Promise<PaymentMethod> {
  const { testCards } = deps.gateway;
  if (request.card !== undefined && !testCards) {
    throw new DomainError(
      400,
      'card_not_accepted',
      'Card details never reach this API: confirm the SetupIntent with Stripe Elements, then send only its id.',
      'card',
    );
  }
  let setupIntent = await sellersSetupIntent(deps, owner, request.setupIntentId);
  if (!setupIntent) throw notFoundError('SetupIntent');
  if (request.card !== undefined && testCards) {
    setupIntent = testCards.confirmSetupIntent(setupIntent.setupIntentId, request.card);
    if (!setupIntent) {
      throw new DomainError(
        400,
        'unknown_test_card',
        'The simulated gateway takes one of Stripe’s test card numbers (e.g. 4242424242424242) or test PaymentMethod ids (e.g. pm_card_visa).',
        'card',
      );
    }
  }
  return saveConfirmedCard(deps, owner, setupIntent);
}
