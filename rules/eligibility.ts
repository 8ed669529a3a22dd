// R3: who becomes self-service when accepting an invitation. Only a new seller (no active
// campaigns and a zero balance) does; every other seller stays managed. The reason is stored
// in English for the API, and as a code with its facts for the pages to say in French too.
export type BillingMode = 'self_service' | 'managed';

export interface SellerStanding {
  /** The seller's mode before accepting; null for a seller the invitation creates. */
  currentMode: BillingMode | null;
  activeCampaigns: number;
  balanceMinor: bigint;
}

export type BillingModeReasonCode = 'already_self_service' | 'new_seller' | 'existing_seller';

export interface BillingModeDecision {
  mode: BillingMode;
  reason: string;
  reasonCode: BillingModeReasonCode;
  /** The standing the reason names. */
  activeCampaigns: number;
  balanceMinor: bigint;
}

export function decideBillingMode(standing: SellerStanding): BillingModeDecision {
  // A seller that already pays here (and has a billing workflow) stays so when invited again.
  const facts = { activeCampaigns: standing.activeCampaigns, balanceMinor: standing.balanceMinor };
  if (standing.currentMode === 'self_service') {
    return {
      mode: 'self_service',
      reason: 'already self-service',
      reasonCode: 'already_self_service',
      ...facts,
    };
  }
  const problems: string[] = [];
  if (standing.activeCampaigns > 0) {
    problems.push(
      `${standing.activeCampaigns} active campaign${standing.activeCampaigns === 1 ? '' : 's'}`,
    );
  }
  if (standing.balanceMinor !== 0n)
    problems.push(`a balance of ${standing.balanceMinor} minor units`);
  if (problems.length === 0) {
    return {
      mode: 'self_service',
      reason: 'new seller: no active campaigns and zero balance',
      reasonCode: 'new_seller',
      ...facts,
    };
  }
  return {
    mode: 'managed',
    reason: `existing seller with ${problems.join(' and ')}`,
    reasonCode: 'existing_seller',
    ...facts,
  };
}
