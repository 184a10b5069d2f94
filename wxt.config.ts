import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { OPTIONAL_HOST_PATTERNS } from './shared/origins';
import { localesForBundle } from './scripts/locales-plugin';

/** Firefox add-on id (policies.json and AMO refer to it); the `.invalid` domain claims no real one. */
export const GECKO_ID = 'hersys-assist@hersys-assist.invalid';

// https://wxt.dev/api/config.html
export default defineConfig({
  // WXT_OUT_DIR lets parallel builds (a teammate's test run, a benchmark) use their own folder.
  outDir: process.env.WXT_OUT_DIR ?? '.output',
  modules: ['@wxt-dev/webextension-polyfill'],
  // localesForBundle: the message catalogue without translators' notes, and without the pages' keys in content scripts.
  // WXT_SOURCEMAP=1: write sourcemaps, to see what the bundles are made of (not for release builds).
  vite: () => ({ plugins: [preact(), localesForBundle()], ...(process.env.WXT_SOURCEMAP ? { build: { sourcemap: true } } : {}) }),
  hooks: {
    // Demo build (`wxt build --mode demo` → .output/chrome-mv3-demo, used by `npm start` and
    // tests/e2e/demo.spec.ts): the content scripts also match the replicas that
    // `hersys-assist sandbox` serves on 127.0.0.1, and the overlay's stylesheet (a web-accessible
    // resource) may be loaded there. The production manifest is left as it is.
    'build:manifestGenerated': (wxt, manifest) => {
      if (wxt.config.mode !== 'demo') return;
      const sandbox = 'http://127.0.0.1/*';
      for (const entry of [...(manifest.content_scripts ?? []), ...(manifest.web_accessible_resources ?? [])]) {
        if (typeof entry === 'object' && entry.matches && !entry.matches.includes(sandbox)) entry.matches.push(sandbox);
      }
      manifest.host_permissions = [...new Set([...(manifest.host_permissions ?? []), sandbox])];
    },
  },
  // The production manifest (tests/unit/manifest.test.ts checks it key by key). One source for
  // Chrome, Edge (the same package) and Firefox MV3; the version comes from package.json.
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'ja',
    // storage: settings, audit secret, acks; alarms: the daily audit purge;
    // scripting: content scripts for the extra origins the user grants (contract §1).
    permissions: ['storage', 'alarms', 'scripting'],
    // Requested one origin at a time from Options; nothing beyond HER-SYS up front.
    optional_host_permissions: [...OPTIONAL_HOST_PATTERNS],
    // The overlay's stylesheet is fetched into its shadow root by the content script, so it must be
    // web-accessible wherever the script may run: HER-SYS (added by WXT) and the optional origins.
    // use_dynamic_url: a per-session URL, so no page can probe for the extension.
    web_accessible_resources: [{ resources: ['content-scripts/hersys.css'], matches: [...OPTIONAL_HOST_PATTERNS], use_dynamic_url: true }],
    content_security_policy: {
      extension_pages: "script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'self'",
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: GECKO_ID,
              // 140 (the current ESR) is the first to read data_collection_permissions.
              strict_min_version: '140.0',
              data_collection_permissions: { required: ['none'] },
            },
            // Android reads data_collection_permissions from 142 on.
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : // Enterprise policy (chrome.storage.managed); Firefox reads policies.json instead.
        { storage: { managed_schema: 'managed_schema.json' } }),
  }),
  // The Firefox sources zip (for AMO review) holds the source, not local run output.
  zip: {
    excludeSources: ['demo-output/**', 'test-results*/**', 'playwright-report/**', 'dist/**', 'bench/results.json', '*.log'],
  },
});
