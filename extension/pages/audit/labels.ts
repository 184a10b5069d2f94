/** The names the audit viewer shows for event types and tiers: catalogue keys, worded in the page's language. */
import type { AuditEventType } from '../../../shared/audit';
import type { MessageKey } from '../../../shared/i18n';

/** Event types → catalogue keys of their names. */
export const TYPE_KEY: Record<AuditEventType, MessageKey> = {
  'form-evaluated': 'audit_type_formEvaluated',
  'submit-blocked': 'audit_type_submitBlocked',
  'submit-overridden': 'audit_type_submitOverridden',
  'submit-clean': 'audit_type_submitClean',
  'alert-raised': 'audit_type_alertRaised',
  'alert-acknowledged': 'audit_type_alertAcknowledged',
  'settings-changed': 'audit_type_settingsChanged',
  'extension-error': 'audit_type_extensionError',
  'retention-purge': 'audit_type_retentionPurge',
};

/** Tiers and alert levels (the `tier` of an entry) → catalogue keys of their names. */
export const TIER_KEY: Record<string, MessageKey> = {
  hospital: 'audit_tier_hospital',
  priority: 'audit_tier_priority',
  interview: 'audit_tier_interview',
  standard: 'audit_tier_standard',
  unknown: 'audit_tier_unknown',
  none: 'audit_tier_none',
  critical: 'audit_tier_critical',
  warning: 'audit_tier_warning',
  unanswered: 'audit_tier_unanswered',
};
