/** Page helpers for the browser tests (the driver is shared with the demo). */
import type { RawRecord } from '../../shared/evaluate';

export { answer, fill, hostState, waitForHost } from '../../helper/page-driver';

/** A complete, clean 発生届 for a 70-year-old man: tier priority (AGE_65_PLUS), no error. */
export const CLEAN_70: RawRecord = {
  'patient-type': '患者（確定例）',
  'diagnosis-method': 'PCR検査',
  'specimen-date': '2022/02/08',
  'diagnosis-date': '2022/02/09',
  'onset-date': '2022/02/07',
  'vaccine-doses': '3回',
  'vaccine-date': '2021/12',
  'risk-any': '無',
  immunosuppressed: '無',
  severity: '軽症',
  'hospitalization-needed': '無',
  'hospitalized-now': '無',
  sex: '男',
  phone: '090-3141-5926',
  birthdate: '1951/06/15',
};
