// Every documented route, in the order the document lists them.
import { campaignsDocs } from '../routes/campaigns';
import { invitationsDocs } from '../routes/invitations';
import { marketplaceWebhooksDocs } from '../routes/marketplace-webhooks';
import { marketplacesDocs } from '../routes/marketplaces';
import { notificationsDocs } from '../routes/notifications';
import { paymentMethodsDocs } from '../routes/payment-methods';
import { paymentSettingsDocs } from '../routes/payment-settings';
import { paymentsDocs } from '../routes/payments';
import { portalLinksDocs } from '../routes/portal-links';
import { receiptsDocs } from '../routes/receipts';
import { reconciliationsDocs } from '../routes/reconciliations';
import { sellerSpendDocs } from '../routes/seller-spend';
import { sellersDocs } from '../routes/sellers';
import { spendEventsDocs } from '../routes/spend-events';
import { stripeConnectDocs } from '../routes/stripe-connect';
import { stripeWebhooksDocs } from '../routes/stripe-webhooks';
import { creditsDocs } from '../routes/credits';
import { refundsDocs } from '../routes/refunds';
import type { RouteDoc } from './route-doc';

export const documentedRoutes: RouteDoc[] = [
  ...marketplacesDocs,
  ...paymentSettingsDocs,
  ...stripeConnectDocs,
  ...invitationsDocs,
  ...sellersDocs,
  ...paymentMethodsDocs,
  ...campaignsDocs,
  ...paymentsDocs,
  ...receiptsDocs,
  ...notificationsDocs,
  ...marketplaceWebhooksDocs,
  ...portalLinksDocs,
  ...spendEventsDocs,
  ...sellerSpendDocs,
  ...stripeWebhooksDocs,
  ...creditsDocs,
  ...refundsDocs,
  ...reconciliationsDocs,
];
