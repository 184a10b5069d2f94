import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RawRecord } from '../../shared/evaluate';
import { parseNotificationCsv } from '../../shared/csv';
import { triageBatch } from '../../shared/triage';
import { askFor, channelFor, reevaluate, worklistOf } from '../../shared/worklist';

const AS_OF = { y: 2022, m: 2, d: 20 };

/** A complete 50-year-old woman, 3 doses, no risk factor, mobile phone: standard. */
function rec(over: RawRecord = {}): RawRecord {
  return {
    id: '41000001',
    'patient-type': '患者（確定例）',
    'diagnosis-method': 'PCR検査',
    'specimen-date': '2022-02-08',
    'diagnosis-date': '2022-02-09',
    'onset-date': '2022-02-07',
    'vaccine-doses': '3',
    'vaccine-date': '2021-12',
    'risk-any': '無',
    'risk-malignancy': '無',
    'risk-copd': '無',
    'risk-ckd': '無',
    'risk-hypertension': '無',
    'risk-diabetes': '無',
    'risk-dyslipidemia': '無',
    'risk-obesity': '無',
    'risk-smoking': '無',
    'risk-other': '無',
    immunosuppressed: '無',
    pregnancy: '無',
    severity: '軽症',
    'hospitalization-needed': '無',
    'hospitalized-now': '無',
    phone: '090-3141-5926',
    birthdate: '1971-06-15',
    sex: '女',
    ...over,
  };
}
const one = (over: RawRecord) => worklistOf([rec(over)], { asOf: AS_OF })[0]!;

describe('worklist action follows the tier', () => {
  it.each([
    [{ 'hospitalization-needed': '有' }, 'hospital', 'admission'],
    [{ birthdate: '1950-01-01' }, 'priority', 'call-first'],
    [{ 'vaccine-doses': '不明', immunosuppressed: '' }, 'interview', 'interview'],
    [{ birthdate: '' }, 'unknown', 'check-notification'],
    [{}, 'standard', 'self-report'],
    [{ 'patient-type': '感染症死亡者の死体' }, 'none', 'none'],
  ] as const)('%o → %s → %s', (over, tier, action) => {
    const e = one(over);
    expect(e.tier).toBe(tier);
    expect(e.action).toBe(action);
  });
});

describe('order of the day', () => {
  it('sorts by action, then earliest diagnosis date (missing last), then input order; ranks 1…', () => {
    const list = worklistOf(
      [
        rec({ id: 'std-early', 'diagnosis-date': '2022-02-01', 'specimen-date': '2022-02-01', 'onset-date': '2022-01-30' }),
        rec({ id: 'prio-late', birthdate: '1940-01-01', 'diagnosis-date': '2022-02-15', 'specimen-date': '2022-02-14' }),
        rec({ id: 'prio-nodate', birthdate: '1940-01-01', 'diagnosis-date': '' }),
        rec({ id: 'prio-early', birthdate: '1940-01-01', 'diagnosis-date': '2022-02-03', 'specimen-date': '2022-02-02', 'onset-date': '2022-02-01' }),
        rec({ id: 'prio-late-2', birthdate: '1941-01-01', 'diagnosis-date': '2022-02-15', 'specimen-date': '2022-02-14' }),
        rec({ id: 'hosp', severity: '重症', 'diagnosis-date': '2022-02-18', 'specimen-date': '2022-02-18' }),
        rec({ id: 'dead', 'patient-type': '感染症死亡者の死体' }),
        rec({ id: 'prio-baddate', birthdate: '1940-01-01', 'diagnosis-date': '2022-02-30' }),
      ],
      { asOf: AS_OF },
    );
    expect(list.map((e) => e.id)).toEqual(['hosp', 'prio-early', 'prio-late', 'prio-late-2', 'prio-nodate', 'prio-baddate', 'std-early', 'dead']);
    expect(list.map((e) => e.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});

describe('ask: what the interview must find out', () => {
  it('lists each unknown factor in form order, risk-any itself when unanswered, and pregnancy last', () => {
    const e = one({
      'vaccine-doses': '不明',
      'vaccine-date': '',
      'risk-any': '',
      'risk-copd': '',
      'risk-diabetes': '不明',
      'risk-other': '有',
      immunosuppressed: '',
      pregnancy: '',
    });
    expect(e.reasons).toEqual(['RISK_COUNT_UNCLEAR', 'PREGNANCY_UNANSWERED']);
    expect(e.ask).toEqual(['vaccine-doses', 'risk-any', 'risk-copd', 'risk-diabetes', 'risk-other', 'immunosuppressed', 'pregnancy']);
  });

  it('does not ask for disease factors left blank under risk-any 無 (they count as 無)', () => {
    const blanks = Object.fromEntries(['risk-malignancy', 'risk-copd', 'risk-ckd', 'risk-hypertension', 'risk-diabetes', 'risk-dyslipidemia', 'risk-obesity', 'risk-smoking', 'risk-other'].map((f) => [f, '']));
    const e = one({ ...blanks, 'vaccine-doses': '不明', 'vaccine-date': '', immunosuppressed: '不明' });
    expect(e.tier).toBe('interview');
    expect(e.ask).toEqual(['vaccine-doses', 'immunosuppressed']);
  });

  it('asks risk-any when it is 不明 and one dose counts as a confirmed factor (not asked)', () => {
    const e = one({ 'vaccine-doses': '1', 'risk-any': '不明', 'risk-ckd': '不明' });
    expect(e.reasons).toEqual(['RISK_COUNT_UNCLEAR']);
    expect(e.ask).toEqual(['risk-any', 'risk-ckd']);
  });

  it('a pregnancy question alone asks pregnancy only; other actions ask nothing but the birthdate check', () => {
    expect(one({ pregnancy: '不明', birthdate: '1990-01-01' }).ask).toEqual(['pregnancy']);
    expect(one({ birthdate: '1940-01-01', 'vaccine-doses': '' }).ask).toEqual([]);
    expect(one({ birthdate: '2022-03-01' }).ask).toEqual(['birthdate']);
    expect(askFor('standard', ['LOW_RISK'], { unknownFactors: 0xffff }, rec())).toEqual([]);
  });
});

describe('channel: the observation tool the number allows', () => {
  it('mobile → My HER-SYS even when shared (one smartphone per family)', () => {
    const list = worklistOf([rec({ id: 'a' }), rec({ id: 'b' })], { asOf: AS_OF });
    expect(list.map((e) => e.channel)).toEqual(['my-hersys', 'my-hersys']);
    expect(list[0]!.problems.map((p) => p.code)).toContain('PHONE_SHARED');
  });

  it('landline / 050 → 自動架電; a landline shared with another row → 健康コール', () => {
    const list = worklistOf(
      [
        rec({ id: 'land', phone: '03-3581-2222' }),
        rec({ id: 'ip', phone: '050-1234-5678' }),
        rec({ id: 'fam1', phone: '045-671-2121' }),
        rec({ id: 'fam2', phone: '０４５（６７１）２１２１' }),
      ],
      { asOf: AS_OF },
    );
    const byId = Object.fromEntries(list.map((e) => [e.id, e.channel]));
    expect(byId).toEqual({ land: 'auto-call', ip: 'auto-call', fam1: 'health-call', fam2: 'health-call' });
  });

  it('missing, invalid or placeholder numbers → none', () => {
    expect(one({ phone: '' }).channel).toBe('none');
    expect(one({ phone: '090-1234' }).channel).toBe('none');
    expect(one({ phone: '090-0000-0000' }).channel).toBe('none');
    expect(one({ phone: '0120-123-456' }).channel).toBe('none');
    expect(channelFor({ kind: 'mobile', placeholder: true }, false)).toBe('none');
  });
});

describe('same engine as triage', () => {
  it('tier, reasons and problems equal triage for every row of the sample file', () => {
    const csv = parseNotificationCsv(readFileSync(fileURLToPath(new URL('../fixtures/sample-notifications.csv', import.meta.url)), 'utf8'));
    if (!csv.ok) throw new Error('fixture unreadable');
    const triaged = new Map(triageBatch(csv.records, { asOf: AS_OF }).map((r) => [r.id, r]));
    const list = worklistOf(csv.records, { asOf: AS_OF });
    expect(list).toHaveLength(triaged.size);
    for (const e of list) {
      const t = triaged.get(e.id)!;
      expect({ tier: e.tier, reasons: e.reasons, problems: e.problems }).toEqual({ tier: t.tier, reasons: t.reasons, problems: t.problems });
    }
  });

  it('re-evaluating with interview answers moves an interview person to priority or standard', () => {
    const open = rec({ 'vaccine-doses': '不明', 'vaccine-date': '', immunosuppressed: '' });
    expect(reevaluate(open, { asOf: AS_OF }, false).item.entry.tier).toBe('interview');
    expect(reevaluate({ ...open, 'vaccine-doses': '0', immunosuppressed: '有' }, { asOf: AS_OF }, false).item.entry.tier).toBe('priority');
    const std = reevaluate({ ...open, 'vaccine-doses': '3', immunosuppressed: '無' }, { asOf: AS_OF }, false).item.entry;
    expect(std.tier).toBe('standard');
    expect(std.ask).toEqual([]);
  });

  it('re-evaluation keeps the day\u2019s shared-number finding (health call for a shared landline)', () => {
    const { item } = reevaluate(rec({ phone: '045-671-2121' }), { asOf: AS_OF }, true);
    expect(item.entry.channel).toBe('health-call');
    expect(item.entry.problems.map((p) => p.code)).toContain('PHONE_SHARED');
  });
});
