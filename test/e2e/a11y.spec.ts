/**
 * Section 508: the guard's notice and every dialog it shows, checked with axe-core in Chromium
 * (open shadow roots included): no violations.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import type { BrowserContext, Page } from '@playwright/test';
import type { Server } from 'node:http';
import { openGuarded, startGuarded } from './harness';
import type { Proxy } from './harness';

let proxy: Proxy;
let fixtures: { server: Server; origin: string };
let context: BrowserContext;

let suite: Awaited<ReturnType<typeof startGuarded>>;

test.beforeAll(async () => {
  suite = await startGuarded();
  ({ proxy, fixtures, context } = suite);
});

test.afterAll(() => suite?.close());

async function violations(page: Page, selector: string) {
  const r = await new AxeBuilder({ page }).include(selector).analyze();
  return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
}

test('the typing notice and the block, review and fax dialogs have no axe violations', async () => {
  const page = await openGuarded(context, fixtures.origin, 'gmail.html');
  await page.locator('[aria-label="Message Body"]').click();
  await page.keyboard.type('Claimant Jane Q Public, SSN 123-45-6789, gross wages $12,345.67.');
  await expect(page.locator('disclosure-guard-ui[data-ui="notice"]')).toHaveAttribute('data-summary', /Social Security number/);
  expect(await violations(page, 'disclosure-guard-ui[data-ui="notice"]')).toEqual([]);

  await page.locator('[data-tooltip^="Send"]').click();
  const blocked = page.locator('disclosure-guard-ui[data-dialog="blocked"]');
  await expect(blocked.locator('.dialog')).toBeVisible();
  expect(await violations(page, 'disclosure-guard-ui[data-dialog="blocked"]')).toEqual([]);
  await blocked.locator('textarea').fill('Sue covers the eligibility review this week.');
  await blocked.locator('[data-action="review"]').click();
  await expect(page.locator('disclosure-guard-ui[data-dialog="review-requested"] .dialog')).toBeVisible();
  expect(await violations(page, 'disclosure-guard-ui[data-dialog="review-requested"]')).toEqual([]);
  await page.close();

  const fax = await openGuarded(context, fixtures.origin, 'fax-portal.html');
  await fax.locator('#recipientName').fill('Avery Q Partner');
  await fax.locator('#recipientFax').fill('(573) 555-0100');
  await fax.locator('#coverNote').fill('Cover note: claimant SSN 123-45-6789.');
  await fax.locator('button[type="submit"]').click();
  await expect(fax.locator('disclosure-guard-ui[data-dialog="fax-confirm"] .dialog')).toBeVisible();
  expect(await violations(fax, 'disclosure-guard-ui[data-dialog="fax-confirm"]')).toEqual([]);
  await fax.close();
});

test('the dialog of a blocked request has no axe violations', async () => {
  const page = await openGuarded(context, fixtures.origin, 'spa-employer.html');
  await page.locator('#wages').fill('gross wages $12,450.00');
  await page.locator('#send-wages').click();
  await expect(page.locator('disclosure-guard-ui[data-dialog="request-blocked"] .dialog')).toBeVisible();
  expect(await violations(page, 'disclosure-guard-ui[data-dialog="request-blocked"]')).toEqual([]);
  await page.close();
});
