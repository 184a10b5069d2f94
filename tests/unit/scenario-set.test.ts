import { describe, expect, it } from 'vitest';
import {
  builtInScenarioSet,
  checkScenarioSet,
  exportScenarioSet,
  MAX_SCENARIO_SET_CHARS,
  parseScenarioSet,
  type ScenarioSetResult,
} from '../../shared/scenario-set';
import { OBSERVATION_SCENARIOS, SCENARIOS } from '../../shared/scenarios';

function errorOf(r: ScenarioSetResult) {
  if (r.ok) throw new Error('expected the file to be refused');
  return r.error;
}

/** The built-in set as a plain object, changed by `edit`. */
function withEdit(edit: (o: any) => void): string {
  const o = JSON.parse(exportScenarioSet(builtInScenarioSet()));
  edit(o);
  return JSON.stringify(o);
}

describe('scenario set export → import', () => {
  it('round-trips the built-in set unchanged', () => {
    const text = exportScenarioSet(builtInScenarioSet());
    const r = parseScenarioSet(text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.set.scenarios.map((s) => s.id)).toEqual(SCENARIOS.map((s) => s.id));
    expect(r.set.observationScenarios).toEqual(OBSERVATION_SCENARIOS);
    expect(r.set.scenarios).toEqual(SCENARIOS);
    // Exporting what was imported gives the same file again (fields in the schema's order).
    const again = parseScenarioSet(exportScenarioSet(r.set));
    expect(again.ok && exportScenarioSet(again.set)).toBe(exportScenarioSet(r.set));
  });

  it('accepts a trainer-written set with one local scenario (BOM and no observation list)', () => {
    const local = {
      format: 'hersys-assist-scenarios',
      version: 1,
      title: '○○医師会 研修',
      scenarios: [
        {
          id: 'local-1',
          titleJa: '電話番号の桁不足',
          titleEn: 'A digit missing in the phone number',
          pointJa: '桁が足りない番号には SMS が届きません。',
          record: { phone: '090-3141-592', birthdate: '1991/06/15' },
          pressMyHersys: true,
          expect: { tier: 'standard', blocked: true, codes: ['PHONE_INVALID'] },
          answer: { phone: '090-3141-5926', birthdate: '1991/06/15' },
        },
      ],
    };
    const r = parseScenarioSet('\uFEFF' + JSON.stringify(local));
    expect(r.ok && r.set.scenarios[0]!.record.phone).toBe('090-3141-592');
  });
});

describe('scenario set import refuses a bad file with a clear message naming the bad value', () => {
  it('not JSON', () => {
    const e = errorOf(parseScenarioSet('{ "format": "hersys-assist-scenarios", '));
    expect(e.path).toBe('');
    expect(e.ja).toMatch(/^JSON として読めません/);
    expect(e.en).toMatch(/^not valid JSON/);
  });

  it('JSON that is not an object, or another kind of file', () => {
    expect(errorOf(parseScenarioSet('[1,2]')).ja).toContain('形ではありません');
    const e = errorOf(parseScenarioSet(JSON.stringify({ format: 'hersys-assist-audit', version: 1, entries: [] })));
    expect(e.path).toBe('format');
    expect(e.ja).toBe('format: HER-SYS Assist のシナリオファイルではありません（format は "hersys-assist-scenarios"、このファイルは "hersys-assist-audit"）');
  });

  it('a version this build cannot read', () => {
    const e = errorOf(parseScenarioSet(withEdit((o) => (o.version = 2))));
    expect(e.path).toBe('version');
    expect(e.ja).toBe('version: このファイルの版（2）は読み込めません。読み込めるのは版 1 です');
  });

  it('a missing field', () => {
    const e = errorOf(parseScenarioSet(withEdit((o) => delete o.scenarios[2].answer)));
    expect(e.path).toBe('scenarios[2].answer');
    expect(e.ja).toBe('scenarios[2].answer: 必要な項目がありません');
    expect(e.en).toBe('scenarios[2].answer: a required field is missing');
  });

  it('a tier that does not exist', () => {
    const e = errorOf(parseScenarioSet(withEdit((o) => (o.scenarios[4].expect.tier = 'urgent'))));
    expect(e.path).toBe('scenarios[4].expect.tier');
    expect(e.ja).toContain('scenarios[4].expect.tier: 優先度は');
    expect(e.ja).toContain('priority');
    expect(e.ja).toContain('（"urgent" は使えません）');
  });

  it('a wrong type, an unknown field id in a record, an unknown problem code, a bad id', () => {
    expect(errorOf(parseScenarioSet(withEdit((o) => (o.scenarios[0].pressMyHersys = 'yes')))).ja).toBe(
      'scenarios[0].pressMyHersys: true か false が必要です（"yes" は使えません）',
    );
    const unknown = errorOf(parseScenarioSet(withEdit((o) => (o.scenarios[1].record.telephone = '090'))));
    expect(unknown.path).toBe('scenarios[1].record');
    expect(unknown.ja).toContain('telephone');
    expect(errorOf(parseScenarioSet(withEdit((o) => (o.scenarios[5].expect.codes = ['PHONE_LANDLINE'])))).path).toBe('scenarios[5].expect.codes[0]');
    expect(errorOf(parseScenarioSet(withEdit((o) => (o.scenarios[0].id = 'Has Spaces')))).ja).toContain('ID は半角の英小文字');
  });

  it('the same id twice, an empty set, a bad observation count', () => {
    const dup = errorOf(parseScenarioSet(withEdit((o) => (o.scenarios[3].id = o.scenarios[0].id))));
    expect(dup.path).toBe('scenarios[3].id');
    expect(dup.ja).toContain('重複しています（scenarios[0] と同じ）');
    expect(errorOf(parseScenarioSet(withEdit((o) => ((o.scenarios = []), (o.observationScenarios = []))))).ja).toContain('シナリオが1件もありません');
    const count = errorOf(parseScenarioSet(withEdit((o) => (o.observationScenarios[0].expect.counts.critical = -1))));
    expect(count.path).toBe('observationScenarios[0].expect.counts.critical');
  });

  it('a file that is too big is refused before it is parsed', () => {
    const big = withEdit((o) => (o.title = 'x'.repeat(10))).padEnd(MAX_SCENARIO_SET_CHARS + 1, ' ');
    const e = errorOf(parseScenarioSet(big));
    expect(e.ja).toMatch(/^ファイルが大きすぎます（1001 KB。上限は 1000 KB）$/);
  });

  it('too many scenarios', () => {
    const e = errorOf(parseScenarioSet(withEdit((o) => (o.scenarios = Array.from({ length: 201 }, (_, i) => ({ ...o.scenarios[0], id: `s-${i}` }))))));
    expect(e.path).toBe('scenarios');
    expect(e.ja).toBe('scenarios: 多すぎます（最大 200 件）');
  });
});

describe('after a valid import, the trainer is told what the overlay will really say', () => {
  const today = { y: 2022, m: 2, d: 20 };
  it('the built-in set has nothing to report', () => {
    expect(checkScenarioSet(builtInScenarioSet(), today)).toEqual([]);
  });

  it('a scenario whose entries do not give its promise, and an answer that still has an error, are named', () => {
    const set = builtInScenarioSet();
    set.scenarios[0]!.expect = { tier: 'priority', blocked: false, codes: [] };
    set.scenarios[7]!.answer = { ...set.scenarios[7]!.answer, birthdate: '1990/02/31' };
    const notes = checkScenarioSet(set, today);
    expect(notes.map((n) => n.path)).toEqual(['scenarios[0].expect', 'scenarios[7].answer']);
    expect(notes[0]!.ja).toBe('scenarios[0].expect（clean-low-risk）: 想定は priority ですが、入力から評価すると standard です');
    expect(notes[1]!.ja).toContain('答えにまだ誤りがあります（birthdate:BIRTHDATE_INVALID）');
  });
});
