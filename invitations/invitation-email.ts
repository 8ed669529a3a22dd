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

/** The text sent: the stored text, the token, and where to accept. */
export function withAcceptance(body: string, token: string, publicApiUrl: string): string {
  const url = `${publicApiUrl.replace(/\/+$/, '')}/v1/invitations/accept`;
  return `${body}\n\nYour invitation token: ${token}\nAccept it: POST ${url} {"token": "${token}"}`;
}
