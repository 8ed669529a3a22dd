// The pure rules of billing (money, cycles, card expiry), shared by workflows, activities and api.
export * from './money';
export * from './cycles';
export * from './cards';
export * from './eligibility';
