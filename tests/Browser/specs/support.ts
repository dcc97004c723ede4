import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** A setting the test host passes by environment; missing means the harness was started wrongly: fail, never skip. */
export function setting(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run the browser tests through tests/EndToEndTests (see tests/Browser/README.md)`);
  }
  return value;
}

export const baseUrl = () => setting('LP_BASE_URL').replace(/\/$/, '');
export const screenshotDir = () => process.env.LP_SCREENSHOTS ?? path.join(root, 'artifacts', 'screenshots');

/** Saves a full-page screenshot as artifacts/screenshots/<name>.png (kept by CI). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir(), { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir(), `${name}.png`), fullPage: true });
}

/** Hands a value to the xunit test that started the run (LP_RESULTS, a directory), which checks it server-side. */
export function report(name: string, value: unknown): void {
  const dir = process.env.LP_RESULTS;
  if (dir) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(value));
  }
}

const base64url = (bytes: Buffer) => bytes.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** A PKCE pair, as the SPA's OIDC client makes one. */
export function pkce(): { verifier: string; challenge: string } {
  const verifier = base64url(randomBytes(32));
  return { verifier, challenge: base64url(createHash('sha256').update(verifier).digest()) };
}

/**
 * The admin SPA's authorization request (client learning-admin, code + PKCE S256), for the specs that start at the
 * token server rather than at the SPA.
 */
export function adminAuthorizeUrl(challenge: string, state: string): string {
  const query = new URLSearchParams({
    client_id: 'learning-admin',
    response_type: 'code',
    scope: 'openid learning.admin offline_access',
    redirect_uri: `${baseUrl()}/admin/callback`,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
  });
  return `${baseUrl()}/api/auth/connect/authorize?${query}`;
}

/** Fills and submits the login page. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
