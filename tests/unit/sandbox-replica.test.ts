// @vitest-environment happy-dom
/**
 * The replica screens in public/replica (served by `hersys-assist sandbox`, shipped in the
 * extension for the training page): each is recognised as the page it copies, the 発生届
 * binds every field of contract §3 on the same controls as the basic fixture, the 対象者一覧
 * gives the alerts its sample patients are known for, and every page stays self-contained
 * (relative links to existing replicas, no external resource, fictional data only).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { detectPageKind, readForm, readValues } from '../../content/page/form-reader';
import type { PageEnv as FeatureEnv } from '../../content/page/notification-page';
import { AckStore } from '../../content/clients/ack-store';
import { startObservationPage } from '../../content/features/index';
import { ALERT_ATTR, REASONS_ATTR } from '../../content/features/row-alerts';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { FIELD_IDS } from '../../shared/fields';

const ROOT = path.resolve(import.meta.dirname, '../..');
const REPLICA = path.join(ROOT, 'public/replica');
const FIXTURES = path.join(ROOT, 'tests/fixtures/pages');

const text = (dir: string, name: string) => readFileSync(path.join(dir, name), 'utf8');
const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html');
const replica = (name: string) => parse(text(REPLICA, name));

describe('replica screens are recognised as the HER-SYS pages they copy', () => {
  it.each([
    ['notification.html', 'notification'],
    ['observation-list.html', 'observation-list'],
    ['person.html', 'observation-person'],
    ['observation-settings.html', 'observation-settings'],
  ] as const)('%s is a %s page', (name, kind) => {
    expect(detectPageKind(replica(name))).toBe(kind);
  });

  it('the 受付 page (after submit) is no HER-SYS page the extension acts on', () => {
    expect(detectPageKind(replica('accepted.html'))).toBeNull();
  });
});

describe('the 発生届 replica', () => {
  it('binds every field of contract §3 to the same controls as the basic fixture, all empty at first', () => {
    const r = readForm(replica('notification.html'));
    const f = readForm(parse(text(FIXTURES, 'notification-basic.html')));
    expect(r.isNotificationForm).toBe(true);
    expect([...r.bindings.keys()].sort()).toEqual([...FIELD_IDS].sort());
    for (const id of FIELD_IDS) {
      expect(r.bindings.get(id)?.elements.map((e) => e.id), id).toEqual(f.bindings.get(id)?.elements.map((e) => e.id));
    }
    expect(Object.values(readValues(r)).every((v) => v === '')).toBe(true);
  });

  it('keeps the buttons the overlay and the page driver use, and the patient 電話番号 before the clinic one', () => {
    const doc = replica('notification.html');
    expect(doc.querySelector('#btn-submit')?.getAttribute('type')).toBe('submit');
    expect(doc.querySelector('#btn-submit')?.textContent).toBe('発生届を提出');
    expect(doc.querySelector('#btn-myhersys')?.textContent).toBe('My HER-SYS URL通知');
    expect(doc.querySelector('#btn-save')?.getAttribute('type')).toBe('button');
    expect(readForm(doc).bindings.get('phone')?.elements[0]?.id).toBe('phone');
    // The submit goes to the 受付 page, relative, so it works in the sandbox and in the package.
    expect(doc.querySelector('#notification-form')?.getAttribute('action')).toBe('accepted.html');
  });
});

describe('the 対象者一覧 replica', () => {
  let abort: AbortController;
  beforeEach(() => {
    fakeBrowser.reset();
    abort = new AbortController();
  });
  afterEach(() => abort.abort());

  it('its sample patients raise the known alerts: 3 critical, 4 warning, 1 unanswered', () => {
    const doc = replica('observation-list.html');
    document.body.replaceChildren(...Array.from(doc.body.childNodes).map((n) => document.importNode(n, true)));
    const host = document.createElement('hersys-assist');
    document.body.append(host);
    const shadow = host.attachShadow({ mode: 'open' });
    const container = document.createElement('div');
    shadow.append(container);
    const env: FeatureEnv = {
      doc: document,
      host,
      container,
      settings: () => DEFAULT_SETTINGS,
      saveSettings: () => undefined,
      log: (e) => {
        throw e;
      },
    };
    const { page: feature } = startObservationPage(env, 'observation-list', abort.signal, {
      today: () => ({ y: 2022, m: 2, d: 11 }),
      audit: async () => ({ ok: true, id: 1 }),
      acks: new AckStore(fakeBrowser.storage.local),
    });
    feature.flush();
    const rows = Array.from(document.querySelectorAll('#subjects tbody tr')).map((r) => `${r.id} ${r.getAttribute(ALERT_ATTR)}:${r.getAttribute(REASONS_ATTR)}`);
    expect(rows).toEqual([
      'p1 warning:TEMP_GE_37_5',
      'p2 none:',
      'p3 critical:SPO2_LT_96_DYSPNEA SPO2_LT_96 DYSPNEA',
      'p4 unanswered:UNANSWERED',
      'p5 critical:SPO2_LE_93 SPO2_LT_96',
      'p6 warning:PHONE_SHARED',
      'p7 warning:PHONE_SHARED',
      'p8 warning:CANNOT_EAT',
      'p9 none:',
      'p10 critical:CONSCIOUSNESS SPO2_LT_96',
    ]);
    expect(host.getAttribute('data-status')).toBe('error');
    expect(feature.snapshot().counts).toMatchObject({ critical: 3, warning: 4, unanswered: 1, none: 2, rows: 10 });
  });

  it('the 個人ページ has 10 days of 健康観察', () => {
    expect(replica('person.html').querySelectorAll('#daily tbody tr')).toHaveLength(10);
  });
});

describe('every replica page is self-contained', () => {
  const pages = readdirSync(REPLICA).filter((f) => f.endsWith('.html'));

  it('the five screens are there', () => {
    expect(pages).toEqual(expect.arrayContaining(['accepted.html', 'notification.html', 'observation-list.html', 'observation-settings.html', 'person.html']));
  });

  it.each(pages)('%s: Japanese, one <title>, relative links to existing replicas only, no external resource or script', (name) => {
    const html = text(REPLICA, name);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    const doc = parse(html);
    expect(doc.documentElement.getAttribute('lang')).toBe('ja');
    expect(doc.querySelectorAll('title')).toHaveLength(1);
    expect(doc.querySelectorAll('script, link, img, iframe, object, embed')).toHaveLength(0);
    expect(html).not.toMatch(/(?:https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}/i);
    const ids = Array.from(doc.querySelectorAll('[id]')).map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const a of Array.from(doc.querySelectorAll('a[href], form[action]'))) {
      const target = (a.getAttribute('href') ?? a.getAttribute('action') ?? '').split(/[?#]/)[0]!;
      if (target === '') continue; // same page (#)
      expect(pages, `${name} links to ${target}`).toContain(target);
    }
  });

  it('uses only fictional numbers: mobiles from the sample set, landlines 03-1234-5678 style', () => {
    const all = pages.map((p) => text(REPLICA, p)).join('\n');
    const phones = all.normalize('NFKC').match(/0\d{1,3}[-(]\d{2,4}[-)]\d{4}/g) ?? [];
    expect(phones.length).toBeGreaterThan(5);
    // Fictional: digits of π, e, √2 … and the textbook 03-1234-5678 (see tests/fixtures/pages/README.md).
    for (const p of phones) expect(p).toMatch(/^(090-3141-5926|090-2718-2818|080-4142-1356|03-3141-5926|090-1732-0508|045-271-8281|045\(271\)8281|070-1414-2135|080-5772-1566|03-1234-5678)$/);
  });
});
