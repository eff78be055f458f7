/**
 * A real Roundcube webmail for the browser tests (its servers: roundcube-server.ts). Tests drive it
 * as a user would (log in, compose, reply, forward, attach, send) and assert on what the sink
 * received: the SMTP envelope and every MIME part decoded.
 *
 * What its compose page sends (the request shapes a `webmail` rule reads): REQUESTS.md beside this file.
 */
import type { Page } from '@playwright/test';
import { until } from '../../helpers/until';
import { PASSWORD, RoundcubeServer } from './roundcube-server';

export { PASSWORD } from './roundcube-server';
export type { Delivery } from './roundcube-server';

/** How long one step of the page may take before it fails (a busy 2-core machine is slow, never this slow). */
const STEP = { timeout: 20_000 };

export interface Draft {
  to?: string[];
  cc?: string[];
  bcc?: string[];
  subject?: string;
  /** Typed at the top of the body, above any quoted text of a reply or forward. */
  body?: string;
  /** Switches to the HTML editor (TinyMCE) before typing the body. */
  html?: boolean;
}

export class Roundcube extends RoundcubeServer {
  /** Starts Dovecot, the sink and Roundcube, and resolves once each of them answers. */
  static async start(): Promise<Roundcube> {
    const rc = new Roundcube();
    try {
      await rc.boot();
    } catch (e) {
      await rc.stop();
      throw e;
    }
    return rc;
  }

  /** Logs the page in (the mailbox list is shown once this resolves). */
  async login(page: Page, user: string): Promise<void> {
    await page.goto(`${this.origin}/`);
    await page.locator('#rcmloginuser').fill(user, STEP);
    await page.locator('#rcmloginpwd').fill(PASSWORD, STEP);
    await page.locator('#rcmloginsubmit').click(STEP);
    await page.waitForURL(/_task=mail/, STEP);
    await composeReady(page, false);
  }

  /** Opens a new message. */
  async compose(page: Page): Promise<void> {
    await page.goto(`${this.origin}/?_task=mail&_action=compose`);
    await composeReady(page);
  }

  /** Opens a reply to the INBOX message `uid` (its text quoted in the body). */
  async reply(page: Page, uid: number): Promise<void> {
    await page.goto(`${this.origin}/?_task=mail&_action=compose&_reply_uid=${uid}&_mbox=INBOX`);
    await composeReady(page);
  }

  /** Opens a forward of the INBOX message `uid`: inline, or as an attachment Roundcube attaches itself. */
  async forward(page: Page, uid: number, { asAttachment = false } = {}): Promise<void> {
    await page.goto(`${this.origin}/?_task=mail&_action=compose&_forward_uid=${uid}&_mbox=INBOX${asAttachment ? '&_attachment=1' : ''}`);
    await composeReady(page);
  }

  /** Fills the open compose form as a user types it. */
  async fill(page: Page, draft: Draft): Promise<void> {
    for (const field of ['to', 'cc', 'bcc'] as const) {
      const addresses = draft[field];
      if (!addresses?.length) continue;
      if (field !== 'to') {
        // Cc and Bcc rows are hidden until chosen from the "add header" menu. The menu, a popover,
        // sometimes ignores a click while the last one closes: open it again until the row shows.
        const row = page.locator(`#compose_${field}`);
        const item = page.locator(`#headers-menu a[data-target="${field}"]`);
        await until(
          async () => {
            if (await row.isVisible()) return true;
            if (!(await item.isVisible())) await page.locator('#compose_to a[href="#add-header"]').click(STEP);
            await item.click({ timeout: 2_000 }).catch(() => undefined);
            return row.isVisible();
          },
          20_000,
          `the ${field} row`,
        );
      }
      const input = page.locator(`#compose_${field} .recipient-input input`);
      await input.fill(addresses.join(', '), STEP);
      // The separator turns the typed text into recipient boxes (and the hidden textarea's value).
      await input.press(',', STEP);
      await page.waitForFunction(
        ([f, n]) => (document.querySelector(`#compose_${f}`)?.querySelectorAll('li.recipient').length ?? 0) >= n,
        [field, addresses.length] as const,
        STEP,
      );
    }
    if (draft.subject !== undefined) await page.locator('#compose-subject').fill(draft.subject, STEP);
    if (draft.html) {
      await page.locator('#composebodycontainer a.mce-i-html').click(STEP);
      await page.waitForFunction(() => {
        const ed = (window as unknown as RoundcubeWindow).rcmail.editor?.editor;
        return !!ed && ed.initialized === true;
      }, undefined, STEP);
    }
    if (draft.body !== undefined) {
      // Typed at the top, above any quoted text of a reply or forward, with a blank line between.
      const html = await page.evaluate(() => document.querySelector('#composebody_ifr') !== null);
      const body = html ? page.frameLocator('#composebody_ifr').locator('body') : page.locator('#composebody');
      const quoted = (html ? await body.innerText(STEP) : await body.inputValue(STEP)).trim() !== '';
      await body.click(STEP);
      await page.keyboard.press('Control+Home');
      await page.keyboard.type(draft.body);
      if (quoted) {
        await page.keyboard.press('Enter');
        await page.keyboard.press('Enter');
      }
    }
  }

  /** Attaches a file through the page's file input and waits until the upload is listed as done. */
  async attach(page: Page, file: { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
    const before = await page.locator('#attachment-list li:not(.uploading)').count();
    await page.locator('#uploadform input[type="file"]').setInputFiles(file, STEP);
    await page.waitForFunction((n) => document.querySelectorAll('#attachment-list li:not(.uploading)').length > n, before, STEP);
  }

  /** Removes the attachment named `name` with its delete button. */
  async removeAttachment(page: Page, name: string): Promise<void> {
    const item = page.locator('#attachment-list li', { hasText: name });
    await item.locator('a.delete').click(STEP);
    await item.waitFor({ state: 'detached', ...STEP });
  }

  /** Saves the draft, as the toolbar's Save and the autosave timer do, and waits until Roundcube has its id. */
  async saveDraft(page: Page): Promise<void> {
    const before = await page.evaluate(() => (window as unknown as RoundcubeWindow).rcmail.env.draft_id ?? '');
    // Roundcube ignores a command while it is busy: ask until it starts saving.
    await until(
      () => page.evaluate(() => {
        const rc = (window as unknown as RoundcubeWindow).rcmail;
        if (rc.busy) return false;
        rc.command('savedraft');
        return rc.busy;
      }),
      20_000,
      'Roundcube to start saving the draft',
    );
    await page.waitForFunction((b) => {
      const rc = (window as unknown as RoundcubeWindow).rcmail;
      return !!rc.env.draft_id && rc.env.draft_id !== b && rc.busy === false;
    }, before, STEP);
  }

  /** Sends: the Send button clicked, or reached with the keyboard and pressed with Enter. */
  async send(page: Page, { by = 'button' }: { by?: 'button' | 'keyboard' } = {}): Promise<void> {
    const button = page.locator('.formbuttons .send').first();
    // Roundcube ignores a click on Send while it is busy (an upload, a draft being saved).
    await idle(page);
    if (by === 'button') await button.click(STEP);
    else {
      await button.focus(STEP);
      await page.keyboard.press('Enter');
    }
  }
}

/** The part of Roundcube's page object the harness reads. */
interface RoundcubeWindow {
  rcmail: {
    busy: boolean;
    cmp_hash?: string;
    env: { compose_id?: string; draft_id?: string; task?: string };
    editor?: { editor?: { initialized?: boolean } };
    command(name: string, props?: unknown): unknown;
  };
}

/**
 * Roundcube's page is ready: its init ran (compose: the form's hash taken), it is not busy and none of
 * its own requests is under way. (A request still running when the next page opens can write back a
 * session without that page's compose data, which Roundcube then calls an invalid compose id.)
 */
async function composeReady(page: Page, compose = true): Promise<void> {
  await page
    .waitForFunction(
      (c) => {
        const w = window as unknown as Partial<RoundcubeWindow> & { jQuery?: { active: number } };
        const rc = w.rcmail;
        if (!rc || rc.busy !== false || w.jQuery?.active !== 0) return false;
        return c ? !!rc.env.compose_id && typeof rc.cmp_hash === 'string' : !!rc.env.task;
      },
      compose,
      STEP,
    )
    .catch(async (e: unknown) => {
      const state = await page.evaluate(() => {
        const w = window as unknown as Partial<RoundcubeWindow> & { jQuery?: { active: number } };
        return JSON.stringify({ busy: w.rcmail?.busy, env: { action: w.rcmail?.env.compose_id, task: w.rcmail?.env.task }, hash: typeof w.rcmail?.cmp_hash, ajax: w.jQuery?.active, message: document.querySelector('#messagestack')?.textContent });
      });
      throw new Error(`Roundcube at ${page.url()} is not ready: ${state}`, { cause: e });
    });
}

function idle(page: Page): Promise<unknown> {
  return page.waitForFunction(() => (window as unknown as RoundcubeWindow).rcmail.busy === false, undefined, STEP);
}
