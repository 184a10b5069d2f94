import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// https://wxt.dev/api/config.html
export default defineConfig({
  // WXT_OUT_DIR lets parallel builds (a teammate's test run, a benchmark) use their own folder.
  outDir: process.env.WXT_OUT_DIR ?? '.output',
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({ plugins: [preact()] }),
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
  manifest: {
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'ja',
    permissions: ['storage', 'alarms'],
  },
});
