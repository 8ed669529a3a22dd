// The simulated gateway's refunds follow Stripe's idempotency rules: a repeated key answers the
// first refund, a repeated key with other parameters is refused, and its record lists each once.
import { IdempotencyKeyReusedError, SimulatedGateway } from '../../payments/simulated-gateway';

const request = (idempotencyKey: string, amountMinor = 500) => ({
  idempotencyKey,
  connectedAccountId: null,
  gatewayPaymentId: 'pi_sim_paid',
  amountMinor,
  currency: 'USD',
  metadata: {},
});

test('a retried refund gets the first answer; other parameters under the same key are refused', async () => {
  const gateway = new SimulatedGateway();
  const first = await gateway.refundPayment(request('refund:1'));
  expect(first).toEqual({
    status: 'succeeded',
    gatewayRefundId: expect.stringMatching(/^re_sim_/),
  });
  expect(await gateway.refundPayment(request('refund:1'))).toEqual(first);
  await expect(gateway.refundPayment(request('refund:1', 501))).rejects.toThrow(
    IdempotencyKeyReusedError,
  );
  const second = await gateway.refundPayment(request('refund:2'));
  expect(second.gatewayRefundId).not.toBe(first.gatewayRefundId);
  expect(gateway.refunds().map((r) => r.idempotencyKey)).toEqual(['refund:1', 'refund:2']);
});
