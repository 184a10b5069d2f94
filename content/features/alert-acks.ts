/**
 * 確認済み (acknowledged) marks: a nurse marks a row's current alerts as seen; the mark is
 * stored under a salted hash of the person and day (never the person in clear), read back for
 * flagged rows after each scan (batched), followed across tabs, and logged as
 * `alert-acknowledged`. A mark covers the codes it was made for: a new code shows again.
 */
import { browser } from 'wxt/browser';
import { covers, type AckRecord } from '../clients/ack-store';
import { defineFeature } from '../feature';
import type { ObservationPage } from '../page/observation-page';
import type { RowState } from '../page/observation-rows';

export default defineFeature<ObservationPage>({
  id: 'alert-acks',
  include: ['observation-list', 'observation-person'],
  init(signal, page) {
    const acks = page.acks;
    const byKey = new Map<string, RowState>();
    const queue = new Set<RowState>();
    let running = false;

    const remember = (s: RowState, key: string) => {
      s.ackKey = key;
      byKey.set(key, s);
    };

    async function acknowledge(s: RowState): Promise<void> {
      if (s.result.level === 'none' || s.acked) return;
      if (!s.identified) page.identify(s);
      const codes = [...s.result.codes];
      const level = s.result.level;
      try {
        if (acks) {
          const key = s.ackKey ?? (await acks.keyFor(s.personKey, s.dateIso));
          remember(s, key);
          s.ackRecord = await acks.put(key, codes);
        } else s.ackRecord = { codes, at: Date.now() };
        s.acked = covers(s.ackRecord, s.result.codes);
        page.scheduleRender();
        page.sendAudit({
          type: 'alert-acknowledged',
          page: page.kind,
          tier: level,
          reasons: codes,
          personKey: s.personKey,
          rulesetVersion: page.rules.config.version,
          detail: { code: codes[0] ?? level, count: codes.length },
        });
      } catch (e) {
        page.env.log(e, 'observation.ack');
      }
    }

    /** Computes storage keys of flagged rows and reads their marks (batched, after the scan). */
    async function pump(): Promise<void> {
      if (running || !acks) return;
      running = true;
      try {
        while (queue.size > 0 && !signal.aborted) {
          const batch = [...queue].slice(0, 500);
          for (const s of batch) queue.delete(s);
          const keys = await Promise.all(batch.map((s) => acks.keyFor(s.personKey, s.dateIso)));
          const found = await acks.lookup(keys);
          let any = false;
          batch.forEach((s, i) => {
            if (s.dead) return;
            const key = keys[i]!;
            remember(s, key);
            s.ackRecord = found.get(key);
            const acked = covers(s.ackRecord, s.result.codes);
            if (acked !== s.acked) any = true;
            s.acked = acked;
          });
          if (any) page.scheduleRender();
        }
      } catch (e) {
        page.env.log(e, 'observation.acks');
      } finally {
        running = false;
      }
    }

    page.events.on('ack', (s) => void acknowledge(s), signal);
    page.events.on(
      'flagged',
      (rows) => {
        for (const s of rows) if (!s.ackKey) queue.add(s);
        void pump();
      },
      signal,
    );
    page.events.on(
      'forget',
      ({ states, all }) => {
        if (all) {
          byKey.clear();
          queue.clear();
          return;
        }
        for (const s of states) {
          if (s.ackKey) byKey.delete(s.ackKey);
          queue.delete(s);
        }
      },
      signal,
    );

    if (!acks) return;
    // Marks made in another tab show here too.
    const onStorage = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      if (area !== 'local') return;
      try {
        let any = false;
        for (const [key, change] of Object.entries(changes)) {
          const s = byKey.get(key);
          if (!s || s.ackKey !== key) continue;
          const v = change.newValue as AckRecord | undefined;
          s.ackRecord = v && Array.isArray(v.codes) ? v : undefined;
          s.acked = covers(s.ackRecord, s.result.codes);
          any = true;
        }
        if (any) page.scheduleRender();
      } catch (e) {
        page.env.log(e, 'observation.storage');
      }
    };
    try {
      browser.storage.onChanged.addListener(onStorage);
      signal.addEventListener('abort', () => browser.storage.onChanged.removeListener(onStorage));
    } catch (e) {
      page.env.log(e, 'observation.storage');
    }
  },
});
