import { expect, test } from '@playwright/test';
import { screenshot, setting, signIn } from './support';

// The reward queue: a learner (the scripted mobile client, run by AdminAppBrowserTests) won a coupon and claimed it;
// the admin approves it with a reason, then fulfils it. The test checks the reward and its transitions in the database.
test('an admin approves a claimed reward with a reason and fulfils it', async ({ page }) => {
  test.setTimeout(180_000);
  const rewardId = setting('LP_REWARD_ID');
  const reason = setting('LP_REASON');

  await page.goto('/admin/');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/api\/auth\//);
  await signIn(page, setting('LP_ADMIN_EMAIL'), setting('LP_ADMIN_PASSWORD'));
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible({ timeout: 20_000 });

  await page.getByRole('link', { name: 'Reward queue' }).click();
  await expect(page.getByRole('heading', { name: 'Reward queue' })).toBeVisible();
  const row = page.locator('tbody tr', { hasText: rewardId.slice(0, 8) });
  await expect(row).toContainText('REQUESTED', { timeout: 20_000 });
  await screenshot(page, 'admin-reward-requested');

  await page.getByLabel(/^Reason/).fill(reason);
  await row.getByRole('button', { name: 'Approve' }).click();
  await expect(page.locator('.ok[role="status"]')).toContainText('is now APPROVED');
  await screenshot(page, 'admin-reward-approved');

  // Approved rewards wait in their own list, with the fulfil move.
  await page.getByLabel('Status').selectOption('APPROVED');
  const approved = page.locator('tbody tr', { hasText: rewardId.slice(0, 8) });
  await expect(approved).toContainText('APPROVED');
  await page.getByLabel(/^Reason/).fill(`${reason} (sent)`);
  await approved.getByRole('button', { name: 'Fulfil' }).click();
  await expect(page.locator('.ok[role="status"]')).toContainText('is now FULFILLED');
  await page.getByLabel('Status').selectOption('FULFILLED');
  await expect(page.locator('tbody tr', { hasText: rewardId.slice(0, 8) })).toContainText('FULFILLED');
  await screenshot(page, 'admin-reward-fulfilled');
});
