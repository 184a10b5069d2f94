/** Worklist codes → catalogue keys of the words shown for them (CLI output, desk page). */
import type { MessageKey } from '../shared/i18n';
import type { Action, Channel } from '../shared/worklist';

export const ACTION_KEY: Readonly<Record<Action, MessageKey>> = {
  admission: 'desk_action_admission',
  'call-first': 'desk_action_callFirst',
  interview: 'desk_action_interview',
  'check-notification': 'desk_action_checkNotification',
  'self-report': 'desk_action_selfReport',
  none: 'desk_action_none',
};
export const ACTION_HINT_KEY: Readonly<Record<Action, MessageKey>> = {
  admission: 'desk_actionHint_admission',
  'call-first': 'desk_actionHint_callFirst',
  interview: 'desk_actionHint_interview',
  'check-notification': 'desk_actionHint_checkNotification',
  'self-report': 'desk_actionHint_selfReport',
  none: 'desk_actionHint_none',
};
export const CHANNEL_KEY: Readonly<Record<Channel, MessageKey>> = {
  'my-hersys': 'desk_channel_myHersys',
  'auto-call': 'desk_channel_autoCall',
  'health-call': 'desk_channel_healthCall',
  none: 'desk_channel_none',
};
