// The invitation e-mail. Its stored text says who invites and until when, and holds no token:
// the e-mail dispatcher mints a token when it sends the e-mail and adds how to accept with it.
export function invitationEmail(marketplaceName: string, expiresAt: Date) {
  return {
    subject: `${marketplaceName} invites you to pay for your ads by card`,
    body:
      `${marketplaceName} invites you to manage your ad payments yourself.\n` +
      `Accept before ${expiresAt.toISOString()}.`,
  };
}

/** The text sent: the stored text, the acceptance page's link, and how an API client accepts. */
export function withAcceptance(body: string, token: string, publicApiUrl: string): string {
  const base = publicApiUrl.replace(/\/+$/, '');
  return (
    `${body}\n\nAccept it here: ${base}/portal/invitations/${token}\n\n` +
    `Your invitation token: ${token}\nFrom a program: POST ${base}/v1/invitations/accept {"token": "${token}"}`
  );
}
