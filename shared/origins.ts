/**
 * Extra origins (docs/architecture.md): a site beyond HER-SYS where the user or an administrator
 * wants the checks too — a prefecture's own system, or the local replica served by
 * `hersys-assist sandbox` on 127.0.0.1. Pure: parsing and the match pattern only; the
 * permission request and content-script registration live in `extension/origins.ts`.
 *
 * An origin is `https://host[:port]` (a leading `*.` covers the subdomains), or plain
 * `http://` on the loopback only (127.0.0.1, localhost). The match pattern drops the
 * port (`https://host/*`): Firefox's patterns cannot carry one and Chrome's without one match
 * every port, so both browsers grant the same thing.
 */

/** HER-SYS and My HER-SYS: already covered by the manifest, never an extra origin. */
export const HERSYS_MATCH = 'https://*.cov19.mhlw.go.jp/*';

/**
 * `optional_host_permissions` in the manifest: what an extra origin may be requested under.
 * Any https site (a prefecture's system may be anywhere) and the loopback over http (the sandbox).
 */
export const OPTIONAL_HOST_PATTERNS = ['https://*/*', 'http://127.0.0.1/*', 'http://localhost/*'] as const;

/** Why an origin was refused (stable codes; the UI shows a message per code). */
export type OriginProblem =
  | 'ORIGIN_EMPTY'
  | 'ORIGIN_INVALID'
  | 'ORIGIN_SCHEME'
  | 'ORIGIN_HTTP_NOT_LOOPBACK'
  | 'ORIGIN_HAS_PATH'
  | 'ORIGIN_WILDCARD_TOO_WIDE'
  | 'ORIGIN_ALREADY_COVERED';

export type OriginParse = { ok: true; origin: string; pattern: string } | { ok: false; problem: OriginProblem };

const LOOPBACK = new Set(['127.0.0.1', 'localhost']);
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * Reads what a user typed (or a policy holds) as an origin. A trailing `/` is tolerated;
 * anything else after the host is refused rather than silently dropped, so the list shows
 * exactly what is covered.
 */
export function parseOrigin(input: string): OriginParse {
  const text = input.normalize('NFKC').trim();
  if (!text) return { ok: false, problem: 'ORIGIN_EMPTY' };
  const m = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)(.*)$/i.exec(text);
  if (!m) return { ok: false, problem: 'ORIGIN_INVALID' };
  const scheme = m[1]!.toLowerCase();
  const authority = m[2]!.toLowerCase();
  const rest = m[3]!;
  if (scheme !== 'https' && scheme !== 'http') return { ok: false, problem: 'ORIGIN_SCHEME' };
  if (rest !== '' && rest !== '/') return { ok: false, problem: 'ORIGIN_HAS_PATH' };
  if (authority.includes('@')) return { ok: false, problem: 'ORIGIN_INVALID' };
  const hp = /^([^:[\]]+)(?::(\d{1,5}))?$/.exec(authority);
  if (!hp) return { ok: false, problem: 'ORIGIN_INVALID' };
  const host = hp[1]!;
  const port = hp[2];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return { ok: false, problem: 'ORIGIN_INVALID' };

  let wildcard = false;
  let name = host;
  if (host.startsWith('*.')) {
    wildcard = true;
    name = host.slice(2);
  }
  if (name.includes('*')) return { ok: false, problem: 'ORIGIN_WILDCARD_TOO_WIDE' };
  if (!LOOPBACK.has(name)) {
    const labels = name.split('.');
    if (!labels.every((l) => LABEL.test(l))) return { ok: false, problem: 'ORIGIN_INVALID' };
    if (wildcard && labels.length < 2) return { ok: false, problem: 'ORIGIN_WILDCARD_TOO_WIDE' };
    if (!wildcard && labels.length < 2 && name !== 'localhost') return { ok: false, problem: 'ORIGIN_INVALID' };
  } else if (wildcard) {
    return { ok: false, problem: 'ORIGIN_WILDCARD_TOO_WIDE' };
  }
  if (scheme === 'http' && !LOOPBACK.has(name)) return { ok: false, problem: 'ORIGIN_HTTP_NOT_LOOPBACK' };
  if (name === 'cov19.mhlw.go.jp' || name.endsWith('.cov19.mhlw.go.jp')) return { ok: false, problem: 'ORIGIN_ALREADY_COVERED' };

  const origin = `${scheme}://${host}${port !== undefined ? `:${Number(port)}` : ''}`;
  return { ok: true, origin, pattern: `${scheme}://${host}/*` };
}

/** Match patterns for a list of origins (invalid ones skipped), without duplicates. */
export function originPatterns(origins: readonly string[]): string[] {
  const out = new Set<string>();
  for (const o of origins) {
    const p = parseOrigin(o);
    if (p.ok) out.add(p.pattern);
  }
  return [...out];
}
