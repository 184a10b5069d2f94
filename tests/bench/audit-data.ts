/**
 * Realistic audit entries for the benchmark, chained with the extension's own code
 * (shared/audit sealEntry): a mix of event types, tiers, problems, a person HMAC-like value,
 * masked override reasons. Deterministic (seeded). Bundled for the browser and for Node.
 */
import { GENESIS, sealEntry, type AuditEntry, type AuditEventType } from '../../shared/audit';

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPES: AuditEventType[] = ['form-evaluated', 'form-evaluated', 'form-evaluated', 'submit-blocked', 'submit-overridden', 'submit-clean', 'submit-clean', 'alert-raised', 'alert-acknowledged'];
const TIERS = ['hospital', 'priority', 'interview', 'standard', 'unknown'];
const PROBLEMS = [
  { field: 'phone', code: 'PHONE_NOT_MOBILE' },
  { field: 'birthdate', code: 'BIRTHDATE_INVALID' },
  { field: 'risk-any', code: 'RISK_DETAILS_MISSING' },
  { field: 'pregnancy', code: 'REQUIRED_MISSING' },
  { field: 'myhersys-notify', code: 'MYHERSYS_NOT_NOTIFIED' },
];
const REASONS = ['AGE_65_PLUS', 'MULTI_RISK_40_64', 'LOW_RISK', 'RISK_COUNT_UNCLEAR'];

/** `n` chained entries, one every ~5 minutes ending near `endTime`. */
export function makeEntries(n: number, endTime: number, seed = 20240501): AuditEntry[] {
  const rnd = prng(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  const hex = () => Array.from({ length: 8 }, () => Math.floor(rnd() * 0x100000000).toString(16).padStart(8, '0')).join('');
  const persons = Array.from({ length: 2000 }, hex);
  const out: AuditEntry[] = [];
  let prev = GENESIS;
  let t = endTime - n * 300_000;
  for (let i = 0; i < n; i++) {
    t += 1 + Math.floor(rnd() * 600_000);
    const type = pick(TYPES);
    const alert = type === 'alert-raised' || type === 'alert-acknowledged';
    const problems = type === 'submit-clean' ? [] : PROBLEMS.filter(() => rnd() < 0.3);
    const e = sealEntry({
      id: i + 1,
      time: new Date(t).toISOString(),
      type,
      page: alert ? 'observation-list' : 'notification',
      tier: alert ? pick(['critical', 'warning']) : pick(TIERS),
      reasons: alert ? ['SPO2_LE_93'] : [pick(REASONS)],
      problems,
      rulesetVersion: 'jp-2022-02-09',
      training: rnd() < 0.1,
      person: pick(persons),
      reason: type === 'submit-overridden' ? '＊さん本人に電話で確認済み（#）' : null,
      detail: type === 'submit-blocked' ? { where: 'guard.click' } : null,
      prev,
    });
    out.push(e);
    prev = e.hash;
  }
  return out;
}
