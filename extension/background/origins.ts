/**
 * Extra origins (docs/architecture.md), background side: the content script is registered with
 * `scripting.registerContentScripts` for every extra origin in the settings in force (the
 * user's, or the administrator's) whose optional host permission has been granted, and
 * unregistered when the origin is removed or its permission revoked. One registration
 * (EXTRA_SCRIPT_ID) carries all the patterns; it runs the same files as the manifest's
 * HER-SYS content script.
 *
 * The permission itself is requested from Options (it needs the user's click), and removed
 * there when the user removes an origin.
 */
import { browser } from 'wxt/browser';
import { originPatterns } from '../../shared/origins';

export const EXTRA_SCRIPT_ID = 'hersys-assist-extra-origins';

type RunAt = 'document_start' | 'document_end' | 'document_idle';
interface RegisteredScript {
  id: string;
  matches?: string[];
  js?: string[];
  css?: string[];
  runAt?: RunAt;
  allFrames?: boolean;
  persistAcrossSessions?: boolean;
}

/** The parts of `browser.permissions` / `browser.scripting` used here (fakes in unit tests). */
export interface OriginsDeps {
  contains(origins: string[]): Promise<boolean>;
  getRegistered(ids: string[]): Promise<RegisteredScript[]>;
  register(scripts: RegisteredScript[]): Promise<void>;
  update(scripts: RegisteredScript[]): Promise<void>;
  unregister(ids: string[]): Promise<void>;
  /** The manifest's content script (files and timing are copied from it). */
  manifestScript(): { js: string[]; css: string[]; runAt: RunAt };
}

export function browserOriginsDeps(): OriginsDeps {
  return {
    contains: (origins) => browser.permissions.contains({ origins }),
    getRegistered: (ids) => browser.scripting.getRegisteredContentScripts({ ids }) as Promise<RegisteredScript[]>,
    register: (scripts) => browser.scripting.registerContentScripts(scripts as never),
    update: (scripts) => browser.scripting.updateContentScripts(scripts as never),
    unregister: (ids) => browser.scripting.unregisterContentScripts({ ids }),
    manifestScript: () => {
      const cs = browser.runtime.getManifest().content_scripts?.[0];
      return { js: cs?.js ?? [], css: cs?.css ?? [], runAt: (cs?.run_at as RunAt | undefined) ?? 'document_idle' };
    },
  };
}

/** Patterns of `origins` whose host permission is granted, in the order given. */
export async function grantedPatterns(origins: readonly string[], deps: OriginsDeps): Promise<string[]> {
  const out: string[] = [];
  for (const p of originPatterns(origins)) {
    try {
      if (await deps.contains([p])) out.push(p);
    } catch {
      // a pattern the browser refuses is simply not granted
    }
  }
  return out;
}

/**
 * Brings the registration in line with `origins`: registers, updates or unregisters the one
 * extra content script. Returns the patterns the script now runs on.
 */
export async function syncExtraOrigins(origins: readonly string[], deps: OriginsDeps): Promise<string[]> {
  const matches = await grantedPatterns(origins, deps);
  const existing = (await deps.getRegistered([EXTRA_SCRIPT_ID])).find((s) => s.id === EXTRA_SCRIPT_ID) ?? null;
  if (matches.length === 0) {
    if (existing) await deps.unregister([EXTRA_SCRIPT_ID]);
    return [];
  }
  const ms = deps.manifestScript();
  const script: RegisteredScript = {
    id: EXTRA_SCRIPT_ID,
    matches,
    js: ms.js,
    ...(ms.css.length > 0 ? { css: ms.css } : {}),
    runAt: ms.runAt,
    // Top frame only, as the manifest's script. Persistence is left to the browser's default:
    // the background re-syncs at every start anyway.
  };
  if (!existing) await deps.register([script]);
  else if (JSON.stringify([...(existing.matches ?? [])].sort()) !== JSON.stringify([...matches].sort()) || JSON.stringify(existing.js ?? []) !== JSON.stringify(ms.js)) {
    await deps.update([script]);
  }
  return matches;
}

/**
 * A serialised syncer for the background: each call waits for the one before, so two quick
 * changes never register the same id twice. Failures go to `onError` (fail open).
 */
export function createOriginsSyncer(
  currentOrigins: () => Promise<readonly string[]>,
  deps: OriginsDeps,
  onError: (e: unknown) => void,
): () => Promise<string[]> {
  let chain: Promise<unknown> = Promise.resolve();
  return () => {
    const run = chain.then(async () => syncExtraOrigins(await currentOrigins(), deps));
    chain = run.catch((e) => onError(e));
    return run.catch(() => [] as string[]);
  };
}
