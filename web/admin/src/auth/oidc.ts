import { UserManager, WebStorageStateStore, type User } from 'oidc-client-ts';

// Same origin as the API: the token server is the gateway's /api/auth/ (discovery at
// /api/auth/.well-known/openid-configuration), the app lives under /admin/.
const origin = window.location.origin;
export const adminBase = '/admin/';

export const userManager = new UserManager({
  authority: `${origin}/api/auth/`,
  client_id: 'learning-admin',
  redirect_uri: `${origin}/admin/callback`,
  post_logout_redirect_uri: `${origin}/admin/`,
  response_type: 'code',
  scope: 'openid learning.admin offline_access',
  // Renewal uses the refresh token (offline_access); no iframe, so no session-monitor frame either.
  automaticSilentRenew: true,
  monitorSession: false,
  // Session storage: a tab's tokens end with the tab, and no other origin's script reads them (CSP: script-src 'self').
  userStore: new WebStorageStateStore({ store: window.sessionStorage }),
});

// One renewal at a time: refresh tokens rotate, so a second concurrent refresh would spend a token already used.
let renewal: Promise<User | null> | null = null;

function renew(): Promise<User | null> {
  renewal ??= userManager
    .signinSilent()
    .catch(() => null)
    .finally(() => {
      renewal = null;
    });
  return renewal;
}

/**
 * The access token to send now. automaticSilentRenew refreshes a minute before expiry; should that not have happened
 * (a sleeping tab), a call renews first when under 30 s are left.
 */
export async function currentAccessToken(): Promise<string | undefined> {
  let user: User | null = await userManager.getUser();
  if (user && user.expires_in !== undefined && user.expires_in < 30 && user.refresh_token) {
    user = await renew();
  }
  return user && !user.expired ? user.access_token : undefined;
}

/** Where to come back after sign-in: a path inside the app, never another origin. */
export function localReturnPath(value: unknown): string {
  return typeof value === 'string' && value.startsWith('/admin/') && !value.startsWith('//') ? value : adminBase;
}
