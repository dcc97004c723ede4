import { expect, test } from '@playwright/test';
import { report, screenshot, setting, signIn } from './support';

// The admin SPA served by the gateway at /admin/, driven as an admin would: sign in through the token server's login
// page (authorization code + PKCE by oidc-client-ts), import questions, build and schedule an exam, rank and publish.
// Run by AdminAppBrowserTests, which seeds LP_RANK_EXAM_ID (a closed contest with results) and checks the outcome.
test('an admin signs in, imports a GIFT file, schedules an exam, runs the ranking and publishes it', async ({ page }) => {
  // A whole day's work on a loaded 2-core machine: more than the config's default minute.
  test.setTimeout(240_000);
  const stamp = setting('LP_STAMP');
  const rankExamId = setting('LP_RANK_EXAM_ID');

  // Sign in: the app sends the browser to the login page and takes the code back at /admin/callback.
  await page.goto('/admin/');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/api\/auth\//);
  await signIn(page, setting('LP_ADMIN_EMAIL'), setting('LP_ADMIN_PASSWORD'));
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('next-ranking')).toBeVisible();
  await screenshot(page, 'admin-dashboard');

  // A GIFT file with a broken question: nothing imported, the problem shown with its line and code.
  await page.getByRole('link', { name: 'Question bank' }).click();
  const gift = page.getByLabel('Questions to import');
  await gift.fill(`::Ok ${stamp}:: Fine (${stamp})? {=Yes ~No}\n\n::Broken ${stamp}:: Never closed {=A ~B\n`);
  await page.getByRole('button', { name: /^Import/ }).click();
  const problems = page.getByTestId('import-problems');
  await expect(problems).toContainText('import.unclosed_brace');
  await expect(problems.locator('tbody tr').first().locator('td').first()).toHaveText('3');
  await screenshot(page, 'admin-import-refused');

  // The fixed file: two questions in a new category.
  await gift.fill(
    `$CATEGORY: Browser ${stamp}\n\n::Peru ${stamp}:: Capital of Peru (${stamp})? {=Lima ~Quito ~Bogota}\n\n` +
      `::Chile ${stamp}:: Capital of Chile (${stamp})? {=Santiago ~Lima ~Quito}\n`,
  );
  await page.getByRole('button', { name: /^Import/ }).click();
  await expect(page.getByTestId('import-report')).toContainText('Imported 2 questions');
  await screenshot(page, 'admin-imported');

  // A pool over the new category, an exam drawing both questions from it, scheduled and previewed.
  await page.getByRole('link', { name: 'Pools' }).click();
  await page.getByLabel('Name').fill(`Pool ${stamp}`);
  await page.getByLabel('Category').selectOption({ label: `Browser ${stamp}` });
  await page.getByRole('button', { name: 'Create pool' }).click();
  await expect(page.getByRole('cell', { name: `Pool ${stamp}` })).toBeVisible();
  await page.getByRole('link', { name: 'Exams' }).click();
  await page.getByLabel('Title').fill(`Exam ${stamp}`);
  await page.getByLabel('Questions from pool').selectOption({ label: `Pool ${stamp} (2 ready)` });
  await page.getByLabel('How many').fill('2');
  await page.getByRole('button', { name: 'Create draft' }).click();
  await page.getByRole('button', { name: 'Schedule' }).click();
  await expect(page.getByTestId('exam-status')).toHaveText('SCHEDULED');
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByTestId('exam-preview')).toContainText(`Capital of Peru (${stamp})`);
  await screenshot(page, 'admin-exam-scheduled');
  report('scheduled-exam', { examId: page.url().split('/exams/')[1] });

  // The closed contest: run the ranking, watch it finish, publish.
  await page.goto(`/admin/rankings/${rankExamId}`);
  await expect(page.getByTestId('ranking-exam-status')).toHaveText('CLOSED');
  await page.getByRole('button', { name: 'Run ranking' }).click();
  await expect(page.getByTestId('ranking-exam-status')).toHaveText('RANKED', { timeout: 60_000 });
  await expect(page.getByTestId('latest-run')).toContainText('SUCCEEDED');
  await screenshot(page, 'admin-ranked');
  await page.getByRole('button', { name: 'Publish results' }).click();
  await expect(page.getByTestId('published')).toBeVisible();
  await expect(page.getByTestId('ranking-exam-status')).toHaveText('PUBLISHED');
  await screenshot(page, 'admin-published');

});
