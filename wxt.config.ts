import { defineConfig } from 'wxt';
import { GECKO_ID, MANIFEST_KEY } from './extension/lib/identity';

// The extension lives in extension/; WXT auto-imports are off so every dependency is visible.
export default defineConfig({
  srcDir: 'extension',
  publicDir: 'extension/public',
  outDir: '.output',
  imports: false,
  manifest: ({ browser }) => ({
    name: 'Disclosure Guard',
    description:
      'Masks identifiers, adds the confidentiality statement and checks recipients before confidential workforce data leaves.',
    // webRequest: the network backstop reads request bodies on guarded sites; webRequestBlocking lets
    // it cancel one that still carries a full identifier (granted only when installed by policy).
    permissions: ['storage', 'alarms', 'webRequest', 'webRequestBlocking'],
    // The proxy URL is set by policy, and enforced sites are configured by the agency.
    host_permissions: ['<all_urls>'],
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: GECKO_ID,
              strict_min_version: '140.0',
              // Sent to the agency's own proxy: identifiers to fingerprint, recipients, the site.
              data_collection_permissions: {
                required: ['personallyIdentifyingInfo', 'financialAndPaymentInfo', 'personalCommunications', 'websiteActivity'],
              },
            },
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : { key: MANIFEST_KEY, storage: { managed_schema: 'managed_schema.json' } }),
  }),
});
