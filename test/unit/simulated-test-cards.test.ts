// The simulated gateway gives Stripe's test cards their test-mode meaning when a seller types one
// into the card form: cards Stripe lets a Customer keep but declines when charged are saved, then
// declined on the charge, as in Stripe test mode.
import { SimulatedGateway } from '../../payments/simulated-gateway';

/** Stripe's test cards that attach to a Customer and fail every charge, with the decline code. */
const DECLINED_ON_CHARGE = [
  { number: '4000 0000 0000 0341', paymentMethodId: 'pm_card_chargeCustomerFail', last4: '0341' },
];

test.each(DECLINED_ON_CHARGE)(
  'card $number saves, then its charge is declined',
  async ({ number, paymentMethodId, last4 }) => {
    const gateway = new SimulatedGateway();
    const { customerId } = await gateway.createCustomer();
    const setup = await gateway.createSetupIntent({ customerId });
    const confirmed = gateway.confirmSetupIntent(setup.setupIntentId, number.replaceAll(' ', ''));
    expect(confirmed).toMatchObject({ status: 'succeeded', paymentMethodId });
    expect(await gateway.retrievePaymentMethod({ paymentMethodId })).toMatchObject({
      customerId,
      brand: 'visa',
      last4,
    });
    const charge = await gateway.chargeOffSession({
      idempotencyKey: `declined-on-charge:${number}`,
      amountMinor: 12_000,
      currency: 'EUR',
      customerId,
      paymentMethodId,
      connectedAccountId: null,
      description: 'test',
      metadata: {},
    });
    expect(charge).toMatchObject({ status: 'declined', code: 'generic_decline' });
  },
);
