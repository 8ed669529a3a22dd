// The pure rules of billing (money, cycles, eligibility), shared by workflows, activities and api.
export * from './money';
export * from './cycles';
