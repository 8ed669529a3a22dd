// The pure rules of billing (money, cycles, dunning dates, card expiry, retry backoff, what can be stored, the length of a day), shared by workflows, activities and api.
export * from './money';
export * from './cycles';
export * from './dunning';
export * from './cards';
export * from './retry-backoff';
export * from './eligibility';
export * from './bounds';
export * from './micros-total';
export * from './storable';
export * from './text-characters';
export * from './time';
export * from './credit-ladder';
