import { defineConfig } from 'wxt';

// The extension lives in extension/; WXT auto-imports are off so every dependency is visible.
export default defineConfig({
  srcDir: 'extension',
  publicDir: 'extension/public',
  outDir: '.output',
  imports: false,
  manifest: {
    name: 'Disclosure Guard',
    description:
      'Masks identifiers, adds the confidentiality statement and checks recipients before confidential workforce data leaves.',
    permissions: ['storage'],
  },
});
