import { defineConfig } from '@playwright/test';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Run by tests/EndToEndTests (AdminSignInBrowserTests), which starts the platform and passes its gateway URL and the
// accounts by environment (see README.md). Chromium is Debian's package, never a Playwright download.
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

export default defineConfig({
  testDir: './specs',
  // One browser at a time on a shared 2-core machine; the specs of a file run in order.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: true,
  reporter: [['list']],
  outputDir: path.join(root, 'artifacts', 'playwright'),
  use: {
    baseURL: process.env.LP_BASE_URL,
    headless: true,
    screenshot: 'only-on-failure',
    trace: 'off',
    navigationTimeout: 20_000,
    actionTimeout: 10_000,
    launchOptions: {
      executablePath: process.env.LP_CHROMIUM ?? '/usr/bin/chromium',
      // Each launch gets a fresh temporary profile (--user-data-dir) from Playwright itself.
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
    },
  },
});
