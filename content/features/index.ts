/**
 * The feature registry: every feature of the content script, in the order they start (and
 * draw). Adding a feature is one file in this folder and one line here; docs/architecture.md
 * lists what each one does.
 */
import type { Feature } from '../feature';
import type { NotificationPage } from '../page/notification-page';
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
