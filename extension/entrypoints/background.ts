/**
 * The background service worker: the only caller of the proxy. It answers the content scripts'
 * typed messages, keeps the policy (ETag-cached) and recipient decisions (briefly), and delivers the
 * durable event queue with retries until every event has arrived exactly once.
 */
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { fromBase64 } from '../lib/base64';
import { readFileHere } from '../lib/file-reader';
import { EventQueue } from '../lib/queue';
import type { KeyValue } from '../lib/queue';
import { SENDS_PORT } from '../lib/messages';
import type { BackgroundReplies, ContentToBackground, PageConfig, SendEvent, SendsMessage, Status } from '../lib/messages';
import { ProxyClient } from '../lib/proxy-client';
import { AskedReviews } from '../lib/reviews';
import { BUILTIN_SITES, mergeSettings, SETTING_KEYS } from '../lib/settings';
import { effectiveRule, strictestOriginRule, validateRules } from '../lib/site-rules';
import type { SiteRule } from '../../shared/policy';
import { backstopPage, ruleAddresses } from '../lib/frame-url';
import { inspect, inspectHeaders, isSuspect, pageOf, workerOrigin } from '../lib/backstop';
import type { RequestDetails } from '../lib/backstop';
import type { EffectiveSettings } from '../lib/settings';

const FLUSH_ALARM = 'dg-flush';

const hostOf = (url: string): string | undefined => {
  try {
    return new URL(url).host || undefined;
  } catch {
    return undefined;
  }
};
const MANAGED_COPY = 'dg.managed';

export default defineBackground(() => {
  const local: KeyValue = {
    get: async <T>(key: string) => (await browser.storage.local.get(key))[key] as T | undefined,
    set: (key, value) => browser.storage.local.set({ [key]: value }),
  };
  // Raw identifiers wait for delivery in session storage only (memory, never written to disk).
  const session: KeyValue | undefined = browser.storage.session
    ? {
        get: async <T>(key: string) => (await browser.storage.session.get(key))[key] as T | undefined,
        set: (key, value) => (value === undefined ? browser.storage.session.remove(key) : browser.storage.session.set({ [key]: value })),
      }
    : undefined;

  // Chromium can take seconds to answer the first storage.managed read of a session, and every page
  // waits for its settings: keep the last managed values (in memory and in storage.local) and
  // refresh them in the background.
  let managed: Record<string, unknown> | undefined;
  let current: Promise<EffectiveSettings> | null = null;
  const readManaged = async (): Promise<Record<string, unknown>> => {
    const fresh = ((await browser.storage.managed.get().catch(() => ({}))) ?? {}) as Record<string, unknown>;
    managed = fresh;
    current = null;
    void effective();
    await local.set(MANAGED_COPY, fresh);
    return fresh;
  };
  const managedReady = local.get<Record<string, unknown>>(MANAGED_COPY).then((copy) => {
    if (copy && managed === undefined) managed = copy;
  });
  const firstManagedRead = readManaged();

  // Every page load, check and delivery needs the settings: read storage once and keep the result
  // until a setting changes (storage.onChanged below), instead of on every call.
  function effective(): Promise<EffectiveSettings> {
    current ??= (async () => {
      await managedReady;
      const m = managed ?? (await firstManagedRead);
      const merged = mergeSettings(m, await browser.storage.local.get(SETTING_KEYS));
      known = merged;
      return merged;
    })();
    return current;
  }
  /** The last settings read, for the network backstop, which must decide without waiting. */
  let known: EffectiveSettings | undefined;

  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  const client = new ProxyClient(
    async () => (await effective()).settings,
    local,
    () => void queue.retryNow().then(() => flush()),
  );
  const queue = new EventQueue(local, (e) => client.deliver(e), () => Date.now(), session);
  const reviews = new AskedReviews(local, client);

  async function flush(): Promise<void> {
    clearTimeout(retryTimer);
    await queue.flush();
    const next = await queue.nextAttemptIn();
    // While the worker is alive, retry on the backoff schedule; the alarm covers restarts.
    if (next !== undefined) retryTimer = setTimeout(() => void flush(), Math.max(500, next));
  }

  /**
   * The page's settings, with the rule of the first of `urls` that has one; else, for a frame inside
   * a page (`top`: its tab's top page), the top page's rule, its events logged under the top page's site.
   */
  async function pageConfig(urls: string[], top?: string): Promise<PageConfig> {
    const { settings, managedSites, localSites } = await effective();
    // The proxy's site rules apply from the first page after start (the cached copy, or the first answer).
    const policy = await client.policyForPages();
    const proxyRules = validateRules(policy.sites).rules;
    let rule: SiteRule | undefined;
    for (const url of urls) if ((rule = effectiveRule(url, [managedSites, proxyRules, BUILTIN_SITES], localSites))) break;
    let site: string | undefined;
    if (!rule && top && (rule = effectiveRule(top, [managedSites, proxyRules, BUILTIN_SITES], localSites))) site = hostOf(top);
    return {
      rule,
      ...(site ? { site } : {}),
      userEmail: settings.userEmail,
      failMode: settings.failMode,
      statement: policy.statement,
      keepDigits: policy.keepDigits,
      categoryOfType: policy.categoryOfType,
      ...(policy.mailGateway ? { mailGateway: true } : {}),
    };
  }

  /** Reports the site rules not valid as written to the proxy, once per distinct set (retried with later flushes): codes only. */
  async function reportInvalidRules(): Promise<void> {
    const invalid = [...(await effective()).invalidRules, ...validateRules(client.policy.sites).invalid.map((r) => ({ ...r, source: 'proxy' as const }))];
    if (invalid.length === 0) return;
    const reported = invalid.map(({ source, index, code, fallback }) => ({ source, index, code, ...(fallback ? { fallback } : {}) }));
    const key = JSON.stringify(reported);
    if ((await local.get<string>('dg.reportedRules')) === key) return;
    if (await client.reportPolicyErrors(reported)) await local.set('dg.reportedRules', key);
  }

  async function status(): Promise<Status> {
    const { settings, managed } = await effective();
    return {
      ...client.health,
      proxyUrl: settings.proxyUrl,
      userEmail: settings.userEmail,
      policyVersion: client.policy.version ?? null,
      queueLength: await queue.length(),
      recent: await queue.recent(),
      reviews: await reviews.refresh(),
      managed,
      invalidRules: [...(await effective()).invalidRules, ...validateRules(client.policy.sites).invalid.map((r) => ({ ...r, source: 'proxy' as const }))],
    };
  }

  async function handle(msg: ContentToBackground): Promise<BackgroundReplies[ContentToBackground['type']]> {
    switch (msg.type) {
      case 'page-config':
        return pageConfig(ruleAddresses(String(msg.url), msg.generated === true, msg.tabUrl), msg.topFrame === false ? msg.tabUrl : undefined);
      case 'check-recipients':
        return client.checkRecipients(msg.channel, msg.categories, msg.recipients, msg.identifiers ?? []);
      case 'log-event':
        await queue.enqueue(msg.event);
        void flush();
        return { queued: true };
      case 'request-review': {
        const r = await client.requestReview(msg.eventId, msg.justification, msg.recipients, msg.contentHash);
        if (r.ok) await reviews.add({ reviewId: r.reviewId, contentHash: msg.contentHash, recipients: msg.recipients, site: msg.site });
        return r;
      }
      case 'review-status':
        return client.reviewStatus(msg.reviewId);
      case 'find-release':
        return reviews.release(msg.contentHash, msg.recipients);
      case 'status':
        await client.refreshPolicy();
        return status();
      case 'inspect-file':
        return readFileHere(fromBase64(msg.data), msg.name, client.policy.keepDigits, (name, bytes) => client.redactFile(name, bytes));
    }
  }

  browser.runtime.onMessage.addListener((msg: unknown, sender, sendResponse: (r: unknown) => void) => {
    const m = msg as ContentToBackground;
    // A frame with no address of its own (a data: or sandboxed frame) may be judged by its tab's, and
    // a frame with no rule of its own (another origin's widget) by its top page's.
    if (m && m.type === 'page-config') {
      m.tabUrl = sender.tab?.url;
      m.topFrame = sender.frameId === undefined || sender.frameId === 0;
    }
    handle(m).then(sendResponse, (err: unknown) => sendResponse({ ok: false, reason: 'error', message: String(err) }));
    return true;
  });

  // Each guarded frame's decided sends, held until its hook says whether they went (see SENDS_PORT):
  // what is still held when the frame goes away was lost with the page and is logged `not_sent`.
  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== SENDS_PORT) return;
    const held = new Map<string, SendEvent>();
    port.onMessage.addListener((msg: unknown) => {
      const m = msg as SendsMessage;
      if (!m || typeof m.event?.id !== 'string') return;
      if (m.type === 'hold') {
        if (held.size < 1000) held.set(m.event.id, m.event);
      } else if (m.type === 'settle') {
        held.delete(m.event.id);
        void queue.enqueue(m.event).then(() => flush());
      }
    });
    port.onDisconnect.addListener(() => {
      const lost = [...held.values()];
      held.clear();
      for (const e of lost) void queue.enqueue({ ...e, decision: 'not_sent', reasons: [...e.reasons, 'closed_with_page'] }).then(() => flush());
    });
  });

  browser.alarms.create(FLUSH_ALARM, { periodInMinutes: 0.5 });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name !== FLUSH_ALARM) return;
    void client.refreshPolicy();
    void flush();
  });
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && SETTING_KEYS.some((k) => k in changes)) {
      current = null;
      void effective(); // the backstop decides from the last read, without waiting
    }
    if (area === 'managed') void readManaged();
    if ((area === 'local' || area === 'managed') && SETTING_KEYS.some((k) => k in changes)) void client.refreshPolicy().then(() => flush()).then(() => reportInvalidRules());
  });

  void client.refreshPolicy().then(() => flush()).then(() => reportInvalidRules());
  void effective();

  // ---- the network backstop (lib/backstop.ts) ---------------------------------------------------
  // The page each tab shows, so a request from a frame with an opaque origin is judged by its tab.
  const tabPages = new Map<number, string>();
  browser.tabs.onUpdated.addListener((tabId, change) => void (change.url && tabPages.set(tabId, change.url)));
  browser.tabs.onRemoved.addListener((tabId) => void tabPages.delete(tabId));
  void browser.tabs.query({}).then((tabs) => tabs.forEach((t) => t.id !== undefined && t.url && tabPages.set(t.id, t.url)));
  const sameOrigin = (url: string | undefined, origin: string | undefined) => {
    try {
      return !!url && !!origin && new URL(url).origin === origin;
    } catch {
      return false;
    }
  };
  const ruleOf = (page: string) => known && effectiveRule(page, [known.managedSites, validateRules(client.policy.sites).rules, BUILTIN_SITES], known.localSites);
  /**
   * The request as judged: by its page's rule, or (a frame with no rule of its own) its tab's top
   * page's, then named by that page, so the event is logged under its site.
   */
  const judged = (details: RequestDetails, tabUrl?: string): { located: RequestDetails; rule: ReturnType<typeof ruleOf> } => {
    // Chromium names only the initiator's origin; the tab's page, when it is of that origin (or the
    // initiator is opaque), is the more precise name, so rules with a path still apply. Once a
    // request has gone (`tabUrl`: the tab's page then) it is the tab's, unless a frame of another origin made it.
    // A service worker's or shared worker's request (no tab): judged by the strictest rule naming its origin.
    const worker = workerOrigin(details);
    if (worker) return { located: { ...details, documentUrl: `${worker}/` }, rule: known && strictestOriginRule(worker, [known.managedSites, validateRules(client.policy.sites).rules, BUILTIN_SITES], known.localSites) };
    const tabPage = tabUrl ?? tabPages.get(details.tabId);
    const initiator = details.initiator === 'null' ? undefined : details.initiator;
    const ofTab = tabPage && (!initiator || sameOrigin(tabPage, initiator) || (tabUrl !== undefined && !(details.frameId !== undefined && details.frameId > 0)));
    const own = details.documentUrl ?? (ofTab ? tabPage : pageOf(details));
    const page = backstopPage(own, tabPage, details.frameId, (u) => !!ruleOf(u));
    if (!page) return { located: details, rule: undefined };
    return { located: page === details.documentUrl ? details : { ...details, documentUrl: page }, rule: ruleOf(page) };
  };
  // Requests that may hold a full identifier (in the body or the address), kept until the request
  // really goes (onSendHeaders);
  // the page is then the tab's (Chromium names only the initiator's origin).
  const suspects = new Map<string, RequestDetails>();
  const all = { urls: ['<all_urls>'] };
  browser.webRequest.onBeforeRequest.addListener(
    (d) => {
      const details = d as unknown as RequestDetails;
      if (suspects.size < 1000 && isSuspect(details)) suspects.set(d.requestId, details);
      return undefined;
    },
    all,
    ['requestBody'],
  );
  // Installed by policy the backstop may block: on an enforce site such a request does not go.
  try {
    browser.webRequest.onBeforeRequest.addListener(
      (d) => {
        const details = d as unknown as RequestDetails;
        const { located, rule } = judged(details);
        const event = rule?.mode === 'enforce' ? inspect(located, rule) : undefined;
        if (!event) return undefined;
        suspects.delete(d.requestId);
        void queue.enqueue({ ...event, decision: 'blocked' }).then(() => flush());
        return { cancel: true };
      },
      all,
      ['blocking', 'requestBody'],
    );
  } catch {
    // Not installed by policy: no blocking; the observer above logs what leaks.
  }
  // Headers and cookies (Chromium hands Cookie to a listener only with `extraHeaders`, which
  // Firefox does not know and does not need).
  const withExtra = (spec: string[]) => [...spec, 'extraHeaders'];
  const listenHeaders = (event: { addListener(cb: (d: never) => unknown, filter: typeof all, spec: string[]): void }, cb: (d: never) => unknown, spec: string[]) => {
    try {
      event.addListener(cb, all, withExtra(spec));
    } catch {
      event.addListener(cb, all, spec);
    }
  };
  try {
    listenHeaders(
      browser.webRequest.onBeforeSendHeaders as never,
      (d: { requestId: string }) => {
        const details = d as unknown as RequestDetails;
        const { located, rule } = judged(details);
        const event = inspectHeaders(located, rule);
        if (!event) return undefined;
        suspects.delete(d.requestId);
        void queue.enqueue({ ...event, decision: 'blocked' }).then(() => flush());
        return { cancel: true };
      },
      ['blocking', 'requestHeaders'],
    );
  } catch {
    // Not installed by policy: headers are observed as they go (below).
  }
  // What went with a full identifier in a header is logged once per page and value (a cookie goes with every request).
  const leakedHeaders = new Set<string>();
  listenHeaders(
    browser.webRequest.onSendHeaders as never,
    (d: { requestId: string; tabId: number; requestHeaders?: unknown }) => {
      if (!d.requestHeaders || (d.tabId < 0 && !workerOrigin(d as unknown as RequestDetails))) return;
      void (async () => {
        const tab = d.tabId < 0 ? undefined : await browser.tabs.get(d.tabId).catch(() => undefined);
        await effective();
        const { located, rule } = judged(d as unknown as RequestDetails, tab?.url);
        const event = inspectHeaders(located, rule);
        if (!event) return;
        // Kept as a digest: the values themselves are never held beyond the event that carries them.
        const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${event.site}|${event.identifiers.map((i) => i.value).join(',')}`));
        const key = Array.from(new Uint8Array(digest).subarray(0, 16), (b) => b.toString(16).padStart(2, '0')).join('');
        if (leakedHeaders.has(key) || leakedHeaders.size > 1000) return;
        leakedHeaders.add(key);
        await queue.enqueue(event).then(() => flush());
      })();
    },
    ['requestHeaders'],
  );
  browser.webRequest.onSendHeaders.addListener((d) => {
    const details = suspects.get(d.requestId);
    if (!details) return;
    suspects.delete(d.requestId);
    void (async () => {
      const tab = details.tabId < 0 ? undefined : await browser.tabs.get(details.tabId).catch(() => undefined);
      await effective();
      const { located, rule } = judged(details, tab?.url);
      const event = inspect(located, rule);
      if (event) await queue.enqueue(event).then(() => flush());
    })();
  }, all);
  browser.webRequest.onErrorOccurred.addListener((d) => void suspects.delete(d.requestId), all);
});
