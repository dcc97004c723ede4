import { expect, test } from '@playwright/test';
import { adminAuthorizeUrl, baseUrl, pkce, report, screenshot, setting, signIn } from './support';

// The token server's login page, reached through the gateway like the admin SPA reaches it. Until the SPA handles
// /admin/callback itself, the callback is answered here, so the spec sees where the browser was sent.
test.describe.configure({ mode: 'serial' });

const wrongOrUnknown = 'The e-mail address or password is incorrect.';

test.beforeEach(async ({ page }) => {
  await page.route('**/admin/callback?**', (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: '<!DOCTYPE html><title>callback</title><p>callback</p>' }));
});

test('an admin signs in on the login page and lands on the admin callback with a code', async ({ page }) => {
  const { verifier, challenge } = pkce();
  await page.goto(adminAuthorizeUrl(challenge, 'browser-admin'));
  await expect(page).toHaveURL(/\/api\/auth\/account\/login\?returnUrl=/);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await screenshot(page, 'sign-in-page');

  await signIn(page, setting('LP_ADMIN_EMAIL'), setting('LP_ADMIN_PASSWORD'));

  await page.waitForURL((url) => url.pathname === '/admin/callback');
  const url = new URL(page.url());
  expect(url.origin).toBe(new URL(baseUrl()).origin);
  expect(url.searchParams.get('state')).toBe('browser-admin');
  expect(url.searchParams.get('error')).toBeNull();
  const code = url.searchParams.get('code');
  expect(code).toBeTruthy();
  await screenshot(page, 'sign-in-admin-callback');
  // The xunit test redeems it with the verifier and calls the admin API with the token.
  report('admin-code', { code, verifier, redirectUri: `${baseUrl()}/admin/callback` });
});

test('a learner cannot sign in to the admin app and is told why', async ({ page }) => {
  const { challenge } = pkce();
  await page.goto(adminAuthorizeUrl(challenge, 'browser-learner'));
  await signIn(page, setting('LP_LEARNER_EMAIL'), setting('LP_LEARNER_PASSWORD'));

  await expect(page.getByRole('alert')).toHaveText('Only administrators may sign in to the admin app.');
  expect(new URL(page.url()).pathname).toBe('/api/auth/account/login');
  await screenshot(page, 'sign-in-learner-refused');
});

test('a wrong password and an unknown account show the same message', async ({ page }) => {
  const { challenge } = pkce();
  await page.goto(adminAuthorizeUrl(challenge, 'browser-wrong'));
  await signIn(page, setting('LP_LEARNER_EMAIL'), 'not the right password');
  await expect(page.getByRole('alert')).toHaveText(wrongOrUnknown);
  const wrong = await page.getByRole('alert').textContent();
  await screenshot(page, 'sign-in-wrong-password');

  await page.goto(adminAuthorizeUrl(challenge, 'browser-unknown'));
  await signIn(page, `nobody-${Date.now()}@test.local`, 'not the right password');
  await expect(page.getByRole('alert')).toHaveText(wrongOrUnknown);
  expect(await page.getByRole('alert').textContent()).toBe(wrong);
  await screenshot(page, 'sign-in-unknown-account');
});
