// worker.evaluate() runs in the extension's service worker, where the chrome.* API exists.
declare const chrome: {
  storage: {
    local: { get(keys?: string | string[]): Promise<Record<string, unknown>>; set(items: Record<string, unknown>): Promise<void> };
    managed: { get(): Promise<Record<string, unknown>> };
  };
};
