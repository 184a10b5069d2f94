/**
 * Extra origins (contract §1): what Options accepts as an origin, the match pattern it asks
 * permission for, and how the background registers the content script for granted origins
 * only (and unregisters it when the last one goes).
 */
import { describe, expect, it } from 'vitest';
import { createOriginsSyncer, EXTRA_SCRIPT_ID, syncExtraOrigins, type OriginsDeps } from '../../extension/background/origins';
import { OPTIONAL_HOST_PATTERNS, originPatterns, parseOrigin } from '../../shared/origins';
import { SettingsSchema } from '../../shared/settings';

describe('parseOrigin', () => {
  it.each([
    ['https://hoken.example.lg.jp', 'https://hoken.example.lg.jp', 'https://hoken.example.lg.jp/*'],
    ['  HTTPS://Hoken.Example.LG.JP/  ', 'https://hoken.example.lg.jp', 'https://hoken.example.lg.jp/*'],
    ['http://127.0.0.1:5178', 'http://127.0.0.1:5178', 'http://127.0.0.1/*'],
    ['http://localhost:8080/', 'http://localhost:8080', 'http://localhost/*'],
    ['https://*.pref.example.jp', 'https://*.pref.example.jp', 'https://*.pref.example.jp/*'],
    ['ｈｔｔｐｓ：／／ｓｙｓ．ｅｘａｍｐｌｅ．ｊｐ', 'https://sys.example.jp', 'https://sys.example.jp/*'],
    ['https://sys.example.jp:8443', 'https://sys.example.jp:8443', 'https://sys.example.jp/*'],
  ])('accepts %s as %s (permission %s)', (input, origin, pattern) => {
    expect(parseOrigin(input)).toEqual({ ok: true, origin, pattern });
  });

  it.each([
    ['', 'ORIGIN_EMPTY'],
    ['hoken.example.lg.jp', 'ORIGIN_INVALID'],
    ['ftp://files.example.jp', 'ORIGIN_SCHEME'],
    ['javascript://alert(1)', 'ORIGIN_SCHEME'],
    ['http://hoken.example.lg.jp', 'ORIGIN_HTTP_NOT_LOOPBACK'],
    ['http://192.168.0.10', 'ORIGIN_HTTP_NOT_LOOPBACK'],
    ['https://hoken.example.lg.jp/login?next=/', 'ORIGIN_HAS_PATH'],
    ['https://*', 'ORIGIN_WILDCARD_TOO_WIDE'],
    ['https://*.jp', 'ORIGIN_WILDCARD_TOO_WIDE'],
    ['https://a.*.jp', 'ORIGIN_WILDCARD_TOO_WIDE'],
    ['https://user:pw@example.jp', 'ORIGIN_INVALID'],
    ['https://example.jp:99999', 'ORIGIN_INVALID'],
    ['https://bad_host.example.jp', 'ORIGIN_INVALID'],
    ['https://stop.cov19.mhlw.go.jp', 'ORIGIN_ALREADY_COVERED'],
    ['https://*.cov19.mhlw.go.jp', 'ORIGIN_ALREADY_COVERED'],
  ])('refuses %j with %s', (input, problem) => {
    expect(parseOrigin(input)).toEqual({ ok: false, problem });
  });

  it('every accepted pattern falls under an optional host permission of the manifest', () => {
    const under = (p: string) =>
      OPTIONAL_HOST_PATTERNS.some((o) => (o === 'https://*/*' ? p.startsWith('https://') : p === o));
    for (const o of ['https://a.example.jp', 'https://*.b.example.jp', 'http://127.0.0.1:1', 'http://localhost']) {
      const r = parseOrigin(o);
      expect(r.ok && under(r.pattern), o).toBe(true);
    }
  });

  it('origins sharing a host share one pattern', () => {
    expect(originPatterns(['http://127.0.0.1:5178', 'http://127.0.0.1:9000', 'bogus'])).toEqual(['http://127.0.0.1/*']);
  });

  it('the settings schema refuses an origin parseOrigin refuses', () => {
    expect(SettingsSchema.safeParse({ extraOrigins: ['http://evil.example.com'] }).success).toBe(false);
    expect(SettingsSchema.safeParse({ extraOrigins: ['https://ok.example.com'] }).success).toBe(true);
  });
});

/** A fake browser with a permission set and a content-script registry that behaves like Chrome's. */
function fakeDeps(granted: string[]) {
  const registered = new Map<string, { id: string; matches?: string[]; js?: string[] }>();
  const calls: string[] = [];
  const deps: OriginsDeps = {
    contains: async (origins) => origins.every((o) => granted.includes(o)),
    getRegistered: async (ids) => [...registered.values()].filter((s) => ids.includes(s.id)),
    register: async (scripts) => {
      for (const s of scripts) {
        if (registered.has(s.id)) throw new Error(`Duplicate script ID '${s.id}'`);
        registered.set(s.id, s);
      }
      calls.push('register');
    },
    update: async (scripts) => {
      for (const s of scripts) registered.set(s.id, { ...registered.get(s.id)!, ...s });
      calls.push('update');
    },
    unregister: async (ids) => {
      for (const id of ids) registered.delete(id);
      calls.push('unregister');
    },
    manifestScript: () => ({ js: ['content-scripts/hersys.js'], css: [], runAt: 'document_idle' }),
  };
  return { deps, registered, calls, granted };
}

describe('syncExtraOrigins', () => {
  it('registers the manifest’s content script for granted origins only', async () => {
    const f = fakeDeps(['http://127.0.0.1/*']);
    const matches = await syncExtraOrigins(['http://127.0.0.1:5178', 'https://not-granted.example.jp'], f.deps);
    expect(matches).toEqual(['http://127.0.0.1/*']);
    expect(f.registered.get(EXTRA_SCRIPT_ID)).toMatchObject({ matches: ['http://127.0.0.1/*'], js: ['content-scripts/hersys.js'], runAt: 'document_idle' });
  });

  it('updates the one registration when an origin is added, and unregisters when none is left', async () => {
    const f = fakeDeps(['http://127.0.0.1/*', 'https://hoken.example.lg.jp/*']);
    await syncExtraOrigins(['http://127.0.0.1:5178'], f.deps);
    await syncExtraOrigins(['http://127.0.0.1:5178', 'https://hoken.example.lg.jp'], f.deps);
    expect(f.registered.get(EXTRA_SCRIPT_ID)!.matches).toEqual(['http://127.0.0.1/*', 'https://hoken.example.lg.jp/*']);
    await syncExtraOrigins(['http://127.0.0.1:5178', 'https://hoken.example.lg.jp'], f.deps); // no change: no call
    await syncExtraOrigins([], f.deps);
    expect(f.registered.has(EXTRA_SCRIPT_ID)).toBe(false);
    expect(f.calls).toEqual(['register', 'update', 'unregister']);
  });

  it('a revoked permission removes the origin from the registration', async () => {
    const f = fakeDeps(['http://127.0.0.1/*', 'http://localhost/*']);
    await syncExtraOrigins(['http://127.0.0.1:5178', 'http://localhost:3000'], f.deps);
    f.granted.splice(f.granted.indexOf('http://localhost/*'), 1);
    await syncExtraOrigins(['http://127.0.0.1:5178', 'http://localhost:3000'], f.deps);
    expect(f.registered.get(EXTRA_SCRIPT_ID)!.matches).toEqual(['http://127.0.0.1/*']);
  });

  it('the serialised syncer never registers the same id twice when changes arrive together', async () => {
    const f = fakeDeps(['http://127.0.0.1/*']);
    const errors: unknown[] = [];
    const sync = createOriginsSyncer(async () => ['http://127.0.0.1:5178'], f.deps, (e) => errors.push(e));
    await Promise.all([sync(), sync(), sync()]);
    expect(errors).toEqual([]);
    expect(f.calls).toEqual(['register']);
  });
});
