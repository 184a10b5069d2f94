/**
 * Read-back beside the phone and birthdate fields: how the patient will be reached (the
 * number as grouped, its kind, whether SMS works; the same number seen in another 発生届
 * today) and the birthday in both calendars with the age band that decides the tier.
 */
import { ymdFromDate } from '../../shared/dates';
import { msg } from '../../shared/i18n';
import { ageBandNote, birthdateEcho, phoneEcho } from '../../shared/readback';
import { defineFeature } from '../feature';
import type { NotificationPage } from '../page/notification-page';
import type { FieldNote } from '../ui/highlights';

export function readBackNotes(page: NotificationPage): FieldNote[] {
  const ev = page.evaluation;
  const reading = page.reading;
  if (!ev || !reading) return [];
  const s = page.settings();
  const notes: FieldNote[] = [];
  const phoneEl = reading.bindings.get('phone')?.elements[0];
  if (phoneEl) {
    const echo = phoneEcho(ev.phone, s.language);
    const same = page.samePhone?.seen && page.samePhone.digits === ev.phone.digits;
    notes.push({
      field: 'phone',
      lines: [echo.text, same ? msg(s.language, 'rb_samePhone') : ''],
      tone: echo.tone === 'warning' ? 'warning' : same ? 'info' : 'ok',
      element: phoneEl,
    });
  }
  const birthEl = reading.bindings.get('birthdate')?.elements[0];
  if (birthEl) {
    const echo = birthdateEcho(ev.birthdate, ev.diagnosisDate ?? ymdFromDate(new Date()), s.language);
    const band = ageBandNote(ev.age, s.tierConfig, s.language);
    notes.push({ field: 'birthdate', lines: [echo.text, band], tone: echo.tone === 'warning' ? 'warning' : 'ok', element: birthEl });
  }
  return notes;
}

export default defineFeature<NotificationPage>({
  id: 'readback',
  include: ['notification'],
  init(signal, page) {
    const show = () => page.layer.setNotes(readBackNotes(page));
    page.events.on('update', show, signal);
    page.events.on('facts', show, signal);
    signal.addEventListener('abort', () => page.layer.setNotes([]));
  },
});
