/**
 * `hersys-assist desk` as a process: the first line, and each security rule tried from
 * outside — loopback only, session token / cookie, Host (DNS rebinding), Origin (cross-site
 * posts), no CORS, CSP without inline script, owner-only database file, no personal data in
 * the server's output, clean exit on SIGINT.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'hersys-assist.mjs');
const CSV_TEXT =
  'HER-SYS ID,氏名,診断（検査）した者（死体）の類型,診断方法,検体採取日,診断年月日,ワクチン接種歴（回数）,重症化のリスク因子となる疾患の有無,臓器の移植、免疫抑制剤、抗がん剤等の使用その他の事由により免疫の機能が低下しているおそれの有無,妊娠の有無,重症度,入院の必要性の有無,届出時点の入院の有無,電話番号,生年月日,性別\r\n' +
  '41729999,高橋 秘密,無症状病原体保有者,PCR検査,2022-02-08,2022-02-09,不明,無,不明,無,軽症,無,無,080-7371-4459,1979-06-18,女\r\n';

let dir = '';
let child: ChildProcess;
let url = '';
let origin = '';
let token = '';
let port = 0;
let output = '';

function http(path: string, opts: { method?: string; headers?: Record<string, string>; body?: Buffer | string } = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: { Host: `127.0.0.1:${port}`, ...opts.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}
const auth = () => ({ Authorization: `Bearer ${token}` });

beforeAll(async () => {
  const buildScript = new URL('../../scripts/build-cli.mjs', import.meta.url).href;
  await ((await import(buildScript)) as { buildCli: () => Promise<string> }).buildCli();
  dir = mkdtempSync(join(tmpdir(), 'desk-server-'));
  child = spawn(process.execPath, [BIN, 'desk', '--db', join(dir, 'desk.duckdb'), '--no-open', '--as-of', '2022-02-20'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (c: Buffer) => (output += c.toString('utf8')));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString('utf8')));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no desk line: ${output}`)), 30_000);
    child.stdout!.on('data', () => {
      if (output.includes('\n')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  url = /^desk: (\S+)$/m.exec(output)![1]!;
  const u = new URL(url);
  origin = u.origin;
  token = u.searchParams.get('token')!;
  port = Number(u.port);
}, 120_000);

afterAll(() => {
  if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('desk server', () => {
  it('prints the URL with a long random token as its first line, on 127.0.0.1', () => {
    expect(output.split('\n')[0]).toMatch(/^desk: http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{40,}$/);
  });

  it('refuses a request without the session (401) and accepts the token or its cookie', async () => {
    expect((await http('/api/queue')).status).toBe(401);
    expect((await http('/api/queue?token=wrong')).status).toBe(401);
    expect((await http('/api/queue', { headers: { Cookie: 'hersys_desk=guess' } })).status).toBe(401);
    const first = await http(`/?token=${token}`);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    const cookie = String(first.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await http('/', { headers: { Cookie: cookie.split(';')[0]! } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<script src="/desk.js"');
    expect((await http('/api/queue', { headers: auth() })).status).toBe(200);
  });

  it('refuses another Host (421), e.g. a DNS-rebinding name, even with the token', async () => {
    expect((await http(`/api/queue?token=${token}`, { headers: { Host: `evil.example:${port}` } })).status).toBe(421);
    expect((await http(`/api/queue?token=${token}`, { headers: { Host: `127.0.0.1:${port + 1}` } })).status).toBe(421);
    expect((await http(`/api/queue?token=${token}`, { headers: { Host: `localhost:${port}` } })).status).toBe(200);
  });

  it('refuses a state-changing request from another Origin or without one (403); nothing is imported', async () => {
    const post = (headers: Record<string, string>) => http('/api/import', { method: 'POST', headers: { ...auth(), 'Content-Type': 'text/csv', ...headers }, body: CSV_TEXT });
    expect((await post({ Origin: 'http://evil.example' })).status).toBe(403);
    expect((await post({ Origin: 'null' })).status).toBe(403);
    expect((await post({})).status).toBe(403);
    expect(JSON.parse((await http('/api/queue', { headers: auth() })).body).people).toEqual([]);
  });

  it('sends no CORS headers and a CSP without inline script on every answer', async () => {
    for (const path of ['/', '/desk.js', '/api/queue']) {
      const r = await http(path, { headers: { ...auth(), Origin: 'http://evil.example' } });
      expect(r.headers['access-control-allow-origin']).toBeUndefined();
      const csp = String(r.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toContain("frame-ancestors 'none'");
      expect(r.headers['x-content-type-options']).toBe('nosniff');
    }
    const pre = await http('/api/import', { method: 'OPTIONS', headers: { ...auth(), Origin: 'http://evil.example', 'Access-Control-Request-Method': 'POST' } });
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('imports a Shift_JIS file from the page origin, re-tiers by answers, and logs no personal data', async () => {
    const r = await http('/api/import', { method: 'POST', headers: { ...auth(), Origin: origin, 'Content-Type': 'text/csv' }, body: iconv.encode(CSV_TEXT, 'cp932') });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ rows: 1, added: 1 });
    const q = JSON.parse((await http('/api/queue', { headers: auth() })).body);
    expect(q.people[0]).toMatchObject({ id: '41729999', name: '高橋 秘密', tier: 'interview', ask: ['vaccine-doses', 'immunosuppressed'] });
    const answer = await http('/api/people/41729999/answers', {
      method: 'POST',
      headers: { ...auth(), Origin: origin, 'Content-Type': 'application/json' },
      body: JSON.stringify({ answers: { 'vaccine-doses': '1', immunosuppressed: '有' } }),
    });
    expect(JSON.parse(answer.body).change).toEqual({ before: 'interview', after: 'priority' });
    const bad = await http('/api/people/41729999/answers', {
      method: 'POST',
      headers: { ...auth(), Origin: origin, 'Content-Type': 'application/json' },
      body: JSON.stringify({ answers: { 'not-a-field': '有' } }),
    });
    expect(bad.status).toBe(400);
    expect(output).not.toContain('高橋');
    expect(output).not.toContain('080-7371');
  });

  it('keeps the database owner-only and exits 0 on SIGINT', async () => {
    for (const f of readdirSync(dir)) expect(statSync(join(dir, f)).mode & 0o077).toBe(0);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
