/**
 * What the observation page model is given (options) and what it tells its features (events).
 */
import type { AuditEventInput } from '../clients/audit';
import type { AckStore } from '../clients/ack-store';
import type { YMD } from '../../shared/dates';
import type { AlertLevel } from '../../shared/observation';
import type { RowState } from './observation-rows';

export interface ObservationOptions {
  /** The local calendar date (tests inject one). */
  today?: () => YMD;
  /** The audit sender (tests inject one). */
  audit?: (event: AuditEventInput) => Promise<unknown>;
  /** Where 確認済み marks are kept; null disables storing them. */
  acks?: AckStore | null;
}

export interface ObservationEvents extends Record<string, unknown> {
  /** Rows evaluated in this batch (their level or reasons may have changed). */
  rows: readonly RowState[];
  /** Rows forgotten: every row (a rescan) or the rows that left the table. */
  forget: { states: readonly RowState[]; all: boolean };
  /** A batch is done (trends are computed here, before the status). */
  batch: undefined;
  /** Flagged rows, identified after the scan (audit and 確認済み lookup). */
  flagged: readonly RowState[];
  /** An alert to log once per person, day and code set. */
  alert: { personKey: string; day: string; level: AlertLevel; codes: readonly string[] };
  /** Draw now (panel, markers); scheduled to one animation frame. */
  render: undefined;
  /** The selected row changed (`focus`: scroll to it and focus it). */
  select: { state: RowState; focus: boolean };
  /** Move the selection to the next (1) or previous (-1) flagged row. */
  step: 1 | -1;
  /** Mark this row's alerts 確認済み. */
  ack: RowState;
  /** The "only people needing attention" filter was switched. */
  filter: boolean;
  /** Something changed on the settings tab (read it again after `ms`). */
  settingsDirty: number;
  layout: undefined;
  destroy: undefined;
}
