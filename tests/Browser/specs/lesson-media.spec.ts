import { expect, test } from '@playwright/test';
import { report, screenshot, setting, signIn } from './support';

// Lesson media: the admin creates a course and an ARTICLE lesson, then uploads a PNG through the lesson page (a
// presigned PUT straight to the object store, with a progress bar, then complete and attach). AdminAppBrowserTests
// checks the upload row, the lesson's media key and the object in S3.
test('an admin creates a course and a lesson and uploads its media straight to the object store', async ({ page }) => {
  test.setTimeout(180_000);
  const stamp = setting('LP_STAMP');

  await page.goto('/admin/');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/api\/auth\//);
  await signIn(page, setting('LP_ADMIN_EMAIL'), setting('LP_ADMIN_PASSWORD'));
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible({ timeout: 20_000 });

  await page.getByRole('link', { name: 'Courses' }).click();
  await page.getByLabel('Title').fill(`Course ${stamp}`);
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await page.getByRole('status').getByRole('link', { name: `Course ${stamp}` }).click();

  await page.getByLabel('New lesson').fill(`Lesson ${stamp}`);
  await page.getByLabel('Kind').last().selectOption('ARTICLE');
  await page.getByRole('button', { name: 'Add lesson' }).click();
  await expect(page.getByRole('heading', { name: `Lesson ${stamp}` })).toBeVisible();
  await expect(page.getByText('No media yet.')).toBeVisible();

  // A small valid PNG: the signature and an IHDR chunk (the API checks the magic number after the upload).
  const png = Buffer.from(
    '89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000000000500010d0a2db40000000049454e44ae426082',
    'hex',
  );
  await page.getByLabel('Media file').setInputFiles({ name: `cover-${stamp}.png`, mimeType: 'image/png', buffer: png });
  await page.getByRole('button', { name: `Upload cover-${stamp}.png` }).click();
  await expect(page.getByText('Uploaded, checked and attached.')).toBeVisible({ timeout: 30_000 });
  const key = page.getByTestId('lesson-media-key');
  await expect(key).toBeVisible();
  await screenshot(page, 'admin-lesson-media');
  report('lesson-media', { lessonId: page.url().split('/lessons/')[1], mediaKey: await key.textContent(), size: png.length });
});
