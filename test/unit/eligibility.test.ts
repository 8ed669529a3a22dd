// R3: only a seller with no active campaigns and a zero balance becomes self-service.
import { decideBillingMode } from '../../rules';

test('a new seller becomes self-service', () => {
  expect(decideBillingMode({ currentMode: null, activeCampaigns: 0, balanceMinor: 0n })).toEqual({
    mode: 'self_service',
    reason: 'new seller: no active campaigns and zero balance',
    reasonCode: 'new_seller',
    activeCampaigns: 0,
    balanceMinor: 0n,
  });
});

test('an existing managed seller with nothing running becomes self-service', () => {
  expect(
    decideBillingMode({ currentMode: 'managed', activeCampaigns: 0, balanceMinor: 0n }).mode,
  ).toBe('self_service');
});

test('a seller already self-service stays so, whatever it runs', () => {
  expect(
    decideBillingMode({ currentMode: 'self_service', activeCampaigns: 3, balanceMinor: 0n }),
  ).toEqual({
    mode: 'self_service',
    reason: 'already self-service',
    reasonCode: 'already_self_service',
    activeCampaigns: 3,
    balanceMinor: 0n,
  });
});

test('active campaigns keep a seller managed, and the reason says so', () => {
  expect(decideBillingMode({ currentMode: null, activeCampaigns: 1, balanceMinor: 0n })).toEqual({
    mode: 'managed',
    reason: 'existing seller with 1 active campaign',
    reasonCode: 'existing_seller',
    activeCampaigns: 1,
    balanceMinor: 0n,
  });
});

test('a balance either way keeps a seller managed', () => {
  expect(
    decideBillingMode({ currentMode: null, activeCampaigns: 0, balanceMinor: -500n }).mode,
  ).toBe('managed');
  expect(
    decideBillingMode({ currentMode: null, activeCampaigns: 2, balanceMinor: 1_250n }),
  ).toEqual({
    mode: 'managed',
    reason: 'existing seller with 2 active campaigns and a balance of 1250 minor units',
    reasonCode: 'existing_seller',
    activeCampaigns: 2,
    balanceMinor: 1_250n,
  });
});
