/**
 * The production manifest as built (`$EXT_DIR`, or `.output/chrome-mv3` that `npm test`
 * builds first): the permission list exactly, HER-SYS as the only host, optional origins only,
 * no web page can message us, a strict extension-page CSP, the version from package.json and
 * the managed-policy schema in the package. The Firefox manifest is checked from the config.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import config, { GECKO_ID } from '../../wxt.config';
import { HERSYS_MATCH, OPTIONAL_HOST_PATTERNS } from '../../shared/origins';

const root = path.resolve(import.meta.dirname, '../..');
const extDir = process.env.EXT_DIR ?? path.join(root, '.output/chrome-mv3');
const manifestPath = path.join(extDir, 'manifest.json');

function built(): Record<string, any> {
  if (!existsSync(manifestPath)) throw new Error(`No built manifest at ${manifestPath}: run \`npm run build\` (npm test builds first).`);
  return JSON.parse(readFileSync(manifestPath, 'utf8'));
}

describe('the built Chrome/Edge manifest', () => {
  it('is production (not the demo build) and carries the package.json version', () => {
    const m = built();
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(m.manifest_version).toBe(3);
    expect(m.version).toBe(pkg.version);
    expect(m.name).toBe('__MSG_extName__');
    expect(m.default_locale).toBe('ja');
  });

  it('asks for exactly storage, alarms and scripting', () => {
    // storage: settings, audit secret, acks · alarms: the daily audit purge ·
    // scripting: the content script on extra origins the user granted.
    expect([...built().permissions].sort()).toEqual(['alarms', 'scripting', 'storage']);
    expect(built().optional_permissions).toBeUndefined();
  });

  it('has no host beyond HER-SYS up front: no <all_urls>, no tabs, extra origins only as optional', () => {
    const m = built();
    const text = JSON.stringify(m);
    expect(text).not.toContain('<all_urls>');
    expect(m.permissions).not.toContain('tabs');
    for (const h of m.host_permissions ?? []) expect(h).toBe(HERSYS_MATCH);
    expect(m.optional_host_permissions).toEqual([...OPTIONAL_HOST_PATTERNS]);
    expect(m.optional_host_permissions).not.toContain('http://*/*');
  });

  it('runs its content scripts on https://*.cov19.mhlw.go.jp/* only, top frame', () => {
    const cs = built().content_scripts as { matches: string[]; all_frames?: boolean; match_about_blank?: boolean }[];
    expect(cs.length).toBeGreaterThan(0);
    for (const c of cs) {
      expect(c.matches).toEqual([HERSYS_MATCH]);
      expect(c.all_frames ?? false).toBe(false);
    }
  });

  it('exposes only the overlay stylesheet, where the content script may run, under a per-session URL', () => {
    const war = built().web_accessible_resources as { resources: string[]; matches: string[]; use_dynamic_url?: boolean }[];
    const allowed = ['https://*.cov19.mhlw.go.jp/*', ...OPTIONAL_HOST_PATTERNS];
    expect(war.length).toBeGreaterThan(0);
    for (const w of war) {
      for (const r of w.resources) {
        expect(r).toMatch(/^content-scripts\/[a-z-]+\.css$/);
        expect(existsSync(path.join(extDir, r)), r).toBe(true);
      }
      for (const m of w.matches) expect(allowed).toContain(m);
      expect(w.use_dynamic_url).toBe(true);
    }
  });

  it('no web page or other extension can message it', () => {
    const m = built();
    expect(m.externally_connectable).toBeUndefined();
    expect(m.sandbox).toBeUndefined();
    expect(m.key).toBeUndefined();
    expect(m.update_url).toBeUndefined();
  });

  it('has a strict extension-page CSP: our own scripts only, no plugins, no <base> rewriting', () => {
    const csp = built().content_security_policy as { extension_pages: string };
    const directives = Object.fromEntries(
      csp.extension_pages
        .split(';')
        .map((d) => d.trim())
        .filter(Boolean)
        .map((d) => [d.split(/\s+/)[0], d.split(/\s+/).slice(1)]),
    );
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['base-uri']).toEqual(["'none'"]);
    expect(csp.extension_pages).not.toMatch(/unsafe-(eval|inline)|wasm-unsafe-eval|https?:/);
  });

  it('declares the managed-policy schema, and the schema is in the package', () => {
    const m = built();
    expect(m.storage).toEqual({ managed_schema: 'managed_schema.json' });
    const schema = JSON.parse(readFileSync(path.join(extDir, 'managed_schema.json'), 'utf8'));
    expect(schema.type).toBe('object');
    expect(schema.properties.guardEnabled.type).toBe('boolean');
  });

  it('starts a module-less service worker and opens Options in a tab', () => {
    const m = built();
    expect(m.background).toEqual({ service_worker: 'background.js' });
    expect(m.options_ui).toMatchObject({ page: 'options.html', open_in_tab: true });
  });
});

describe('the Firefox manifest (from wxt.config.ts)', () => {
  const manifestFor = (browser: string) =>
    (config.manifest as (env: { browser: string; manifestVersion: 2 | 3; mode: string; command: 'build' | 'serve' }) => Record<string, any>)({
      browser,
      manifestVersion: 3,
      mode: 'production',
      command: 'build',
    });

  it('has a gecko id, a minimum version and declares that no data is collected', () => {
    const m = manifestFor('firefox');
    expect(m.browser_specific_settings.gecko).toEqual({
      id: GECKO_ID,
      strict_min_version: '140.0',
      data_collection_permissions: { required: ['none'] },
    });
    expect(m.storage).toBeUndefined(); // Firefox reads policies.json, not a managed_schema
  });

  it('asks for the same permissions as Chrome, with the same CSP', () => {
    const ff = manifestFor('firefox');
    const ch = manifestFor('chrome');
    expect(ff.permissions).toEqual(ch.permissions);
    expect(ff.optional_host_permissions).toEqual(ch.optional_host_permissions);
    expect(ff.content_security_policy).toEqual(ch.content_security_policy);
    expect(manifestFor('edge')).toEqual(ch);
  });
});
