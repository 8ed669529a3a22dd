// R3: only a seller with no active campaigns and a zero balance becomes self-service.
import { decideBillingMode } from '../../rules';

test('a new seller becomes self-service', () => {
  expect(decideBillingMode({ activeCampaigns: 0, balanceMinor: 0n })).toEqual({
    mode: 'self_service',
    reason: 'new seller: no active campaigns and zero balance',
  });
});

test('active campaigns keep a seller managed, and the reason says so', () => {
  expect(decideBillingMode({ activeCampaigns: 1, balanceMinor: 0n })).toEqual({
    mode: 'managed',
    reason: 'existing seller with 1 active campaign',
  });
});

test('a balance either way keeps a seller managed', () => {
  expect(decideBillingMode({ activeCampaigns: 0, balanceMinor: -500n }).mode).toBe('managed');
  expect(decideBillingMode({ activeCampaigns: 2, balanceMinor: 1_250n })).toEqual({
    mode: 'managed',
    reason: 'existing seller with 2 active campaigns and a balance of 1250 minor units',
  });
});
