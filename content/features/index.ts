/**
 * The feature registry: every feature of the content script, in the order they start (and
 * draw). Adding a feature is one file in this folder and one line here; docs/architecture.md
 * lists what each one does.
 */
import { startFeatures, type Feature, type Running } from '../feature';
import { NotificationPage, type PageEnv } from '../page/notification-page';
import { ObservationPage, type ObservationOptions } from '../page/observation-page';
import type { ObservationPageKind } from '../ui/ObservationPanel';
import alertAcks from './alert-acks';
import alertAudit from './alert-audit';
import attentionFilter from './attention-filter';
import observationPanel from './observation-panel';
import observationSettingsCheck from './observation-settings-check';
import personTrends from './person-trends';
import rowAlerts from './row-alerts';
import rowKeyboardNav from './row-keyboard-nav';
import rowMarkers from './row-markers';
import evaluationAudit from './evaluation-audit';
import fieldMarks from './field-marks';
import myhersysNotify from './myhersys-notify';
import problemPanel from './problem-panel';
import readback from './readback';
import requiredHighlights from './required-highlights';
import samePhone from './same-phone';
import submitGuard from './submit-guard';

export const NOTIFICATION_FEATURES: readonly Feature<NotificationPage>[] = [
  fieldMarks,
  requiredHighlights,
  readback,
  problemPanel,
  evaluationAudit,
  samePhone,
  myhersysNotify,
  submitGuard,
];

export const OBSERVATION_FEATURES: readonly Feature<ObservationPage>[] = [
  rowAlerts,
  attentionFilter,
  personTrends,
  observationSettingsCheck,
  alertAudit,
  alertAcks,
  rowKeyboardNav,
  observationPanel,
  rowMarkers,
];

/**
 * The 発生届 page with its features: the features subscribe first, so the model's first read
 * reaches them all; everything ends with `signal`.
 */
export function startNotificationPage(env: PageEnv, signal: AbortSignal): { page: NotificationPage; running: Running<NotificationPage>[] } {
  const page = new NotificationPage(env);
  const running = startFeatures(NOTIFICATION_FEATURES, 'notification', page, env.settings(), signal, env.log);
  page.start(signal);
  return { page, running };
}

/** An observation page (list, person, settings) with its features. */
export function startObservationPage(
  env: PageEnv,
  kind: ObservationPageKind,
  signal: AbortSignal,
  options: ObservationOptions = {},
): { page: ObservationPage; running: Running<ObservationPage>[] } {
  const page = new ObservationPage(env, kind, options);
  const running = startFeatures(OBSERVATION_FEATURES, kind, page, env.settings(), signal, env.log);
  page.start(signal);
  return { page, running };
}
