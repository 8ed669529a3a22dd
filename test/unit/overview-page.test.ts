// The seller's overview reads one billing state, whatever moment of the workflow it was read at:
// while a failed charge is being recorded (its campaigns being paused, the status not yet moved)
// the page does not say both "Active" and "Your last payment failed".
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { Marketplace, Seller } from '../../generated/prisma';
import type { PageContext } from '../../pages/context';
import { translator } from '../../pages/i18n';
import { OverviewPage } from '../../pages/seller/overview';
import type { BillingStateView, DunningState } from '../../workflows/messages';

const page: PageContext = {
  locale: 'en',
  intl: 'en-US',
  t: translator('en'),
  session: null,
  csrf: 'csrf',
  path: '/portal/sellers/s_1',
};

const seller = {
  id: 's_1',
  marketplace: { currency: 'EUR', timeZone: 'Europe/Paris', spendAlertPercent: 80 },
} as unknown as Seller & { marketplace: Marketplace };

const dunning: DunningState = {
  failedAttempts: 1,
  scheduledRetriesDone: 0,
  firstFailedAt: '2026-11-10T10:00:00.000Z',
  lastFailureCode: 'generic_decline',
  lastFailureMessage: 'Your card was declined.',
  requiresAction: false,
  nextRetryAt: '2026-11-11T10:00:00.000Z',
};

function billing(fields: Pick<BillingStateView, 'status' | 'dunning' | 'chargeInFlight'>) {
  return {
    marketplaceId: 'm_1',
    sellerId: 's_1',
    currency: 'EUR',
    cycle: { startsAt: '2026-11-01T00:00:00.000Z', endsAt: '2026-12-01T00:00:00.000Z' },
    unbilledMicros: 150_000_000,
    creditLimitMinor: 10_000,
    pendingCreditLimitMinor: null,
    carriedBelowMinimum: false,
    lastPayment: null,
    pausedCampaignIds: [],
    ...fields,
  } as unknown as BillingStateView;
}

function overviewText(state: BillingStateView): string {
  const html = renderToString(
    h(OverviewPage, {
      page,
      seller,
      billing: state,
      awaitingAuthentication: null,
      defaultCard: undefined,
      notice: null,
    }),
  );
  return html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
}

test.each([
  ['a failed charge being recorded', 'active', dunning, true, 'Active', false],
  ['past due', 'past_due', dunning, false, 'Payment failed', true],
  ['delinquent', 'delinquent', { ...dunning, nextRetryAt: null }, false, 'Delinquent', true],
  ['active, nothing failing', 'active', null, false, 'Active', false],
] as const)(
  '%s (status %s): the page shows one state',
  (_, status, dunningState, chargeInFlight, shownStatus, failing) => {
    const text = overviewText(billing({ status, dunning: dunningState, chargeInFlight }));
    expect(text).toContain(`Status ${shownStatus}`);
    expect(text.includes('Your last payment failed')).toBe(failing);
  },
);
