import { defineBackground } from 'wxt/utils/define-background';

// The background service worker is the only caller of the proxy (see README, "Architecture").
export default defineBackground(() => {
  // Policy cache, recipient checks and the durable event queue are added with the extension issue.
});
