// @vitest-environment happy-dom
/**
 * The feature grain of the content script: each feature starts under its own signal over one
 * page model; a feature that throws (at start or in a listener) is logged under its id and the
 * others keep working; stopping the page leaves nothing of ours in the host page; a feature's
 * switch follows the settings.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { defineFeature, startFeature } from '../../content/feature';
import { NOTIFICATION_FEATURES } from '../../content/features/index';
import fieldMarks, { FIELD_ATTR, STATE_ATTR } from '../../content/features/field-marks';
import problemPanel from '../../content/features/problem-panel';
import submitGuard from '../../content/features/submit-guard';
import { NotificationPage } from '../../content/page/notification-page';
import { DEFAULT_SETTINGS, type Settings } from '../../shared/settings';

const FIXTURE = readFileSync(path.resolve(import.meta.dirname, '../fixtures/pages/notification-basic.html'), 'utf8');

let logged: string[];
let settings: Settings;
let page: NotificationPage;
let abort: AbortController;

beforeEach(() => {
  fakeBrowser.reset();
  const doc = new DOMParser().parseFromString(FIXTURE, 'text/html');
  document.body.replaceChildren(...Array.from(doc.body.childNodes).map((n) => document.importNode(n, true)));
  const host = document.createElement('hersys-assist');
  document.body.append(host);
  const container = document.createElement('div');
  host.attachShadow({ mode: 'open' }).append(container);
  logged = [];
  settings = { ...DEFAULT_SETTINGS };
  page = new NotificationPage({
    doc: document,
    host,
    container,
    settings: () => settings,
    saveSettings: (patch) => (settings = { ...settings, ...patch }),
    log: (_e, where) => logged.push(where),
  });
  abort = new AbortController();
});
afterEach(() => abort.abort());

const marked = () => document.querySelectorAll(`[${FIELD_ATTR}]`).length;

describe('features over the 発生届 page model', () => {
  it('every registered feature declares the notification page and a unique id', () => {
    const ids = NOTIFICATION_FEATURES.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['field-marks', 'required-highlights', 'readback', 'problem-panel', 'same-phone', 'myhersys-notify', 'submit-guard', 'evaluation-audit']));
    for (const f of NOTIFICATION_FEATURES) expect(f.include).toContain('notification');
  });

  it('a feature whose start throws is logged under its id, and the next feature still marks the form', () => {
    const broken = defineFeature<NotificationPage>({
      id: 'broken',
      include: ['notification'],
      init() {
        throw new Error('boom');
      },
    });
    expect(startFeature(broken, page, abort.signal, (_e, w) => logged.push(w))).toBeNull();
    expect(startFeature(fieldMarks, page, abort.signal, (_e, w) => logged.push(w))).not.toBeNull();
    page.start(abort.signal);
    expect(logged).toEqual(['feature.broken']);
    expect(marked()).toBeGreaterThan(10);
    expect(document.querySelector('#pregnancy-yes, [name="pregnancy"]')?.getAttribute(STATE_ATTR)).toBe('missing');
    expect(page.env.host.getAttribute('data-status')).toBe('error');
  });

  it('a listener that throws is logged under the feature that registered it; the features after it still run', () => {
    const noisy = defineFeature<NotificationPage>({
      id: 'noisy',
      include: ['notification'],
      init(signal, p) {
        p.events.on('update', () => {
          throw new Error('listener');
        }, signal);
      },
    });
    startFeature(noisy, page, abort.signal, (_e, w) => logged.push(w));
    startFeature(fieldMarks, page, abort.signal, (_e, w) => logged.push(w));
    page.start(abort.signal);
    expect(logged).toEqual(['feature.noisy.update']);
    expect(marked()).toBeGreaterThan(10);
  });

  it('stopping the page removes every mark, the panel and the highlight layer', () => {
    for (const f of [fieldMarks, problemPanel]) startFeature(f, page, abort.signal, (_e, w) => logged.push(w));
    page.start(abort.signal);
    const shadow = page.env.container;
    expect(marked()).toBeGreaterThan(10);
    expect(shadow.querySelector('aside.panel')).not.toBeNull();
    abort.abort();
    expect(marked()).toBe(0);
    expect(shadow.querySelector('aside.panel')).toBeNull();
    expect(shadow.querySelector('.highlights')).toBeNull();
    expect(logged).toEqual([]);
  });

  it('the submit guard’s switch is the guardEnabled setting', () => {
    expect(submitGuard.enabledWhen?.({ ...DEFAULT_SETTINGS, guardEnabled: true })).toBe(true);
    expect(submitGuard.enabledWhen?.({ ...DEFAULT_SETTINGS, guardEnabled: false })).toBe(false);
    expect(fieldMarks.enabledWhen).toBeUndefined();
  });
});

describe('not found is not unanswered', () => {
  it('a required question the page does not have is listed as unseen (data-unseen and the panel), not as missing', () => {
    // The fixture without its 妊娠の有無 row: for a woman of 30 it is required, and cannot be answered here.
    document.querySelector('#pregnancy-1')!.closest('tr')!.remove();
    for (const f of [fieldMarks, problemPanel]) startFeature(f, page, abort.signal, (_e, w) => logged.push(w));
    page.start(abort.signal);
    const host = page.env.host;
    expect(host.getAttribute('data-unseen')?.split(' ')).toContain('pregnancy');
    expect(host.getAttribute('data-missing')?.split(' ')).not.toContain('pregnancy');
    expect(page.env.container.querySelector('.unseen')?.textContent).toContain('画面上で見つからない項目');
    expect(page.env.container.querySelector('.unseen')?.textContent).toContain('妊娠の有無');
  });

  it('with every required question on the page, data-unseen is empty and no line is shown', () => {
    for (const f of [fieldMarks, problemPanel]) startFeature(f, page, abort.signal, (_e, w) => logged.push(w));
    page.start(abort.signal);
    expect(page.env.host.getAttribute('data-unseen')).toBe('');
    expect(page.env.container.querySelector('.unseen')).toBeNull();
  });
});
