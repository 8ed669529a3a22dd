// Entry point the worker bundles: every workflow this product runs.
export { sellerBilling } from './seller-billing';
export { marketplaceReconciliation } from './reconciliation';
