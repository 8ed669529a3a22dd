// R1 and R3: a marketplace invites sellers to self-service, and lets them accept, only while
// Payments are enabled, self-service is on and the invitation mode is self-service.
export interface InvitationSettings {
  paymentsEnabled: boolean;
  selfServiceEnabled: boolean;
  invitationMode: string;
}

export function offersSelfService(marketplace: InvitationSettings): boolean {
  return (
    marketplace.paymentsEnabled &&
    marketplace.selfServiceEnabled &&
    marketplace.invitationMode === 'self_service'
  );
}
