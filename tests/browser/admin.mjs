// Browser acceptance of the admin area (docs/behaviour.md §19): sign in, see
// the log stream show a line the test appends, run a wp.org check, roll back
// a build and see `current` change, sign out and be refused.
//
// usage: node tests/browser/admin.mjs BUILD_DIR
// Starts its own fake-wporg and `wppackages serve` on free ports in a
// temporary folder; screenshots go to BUILD_DIR/screenshots/admin_browser/.

import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const build = path.resolve(process.argv[2] || 'build');
const bin = path.join(build, 'wppackages');
const shots = path.join(build, 'screenshots', 'admin_browser');
fs.mkdirSync(shots, { recursive: true });
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'wpp-admin-browser-'));
const children = [];
let browser = null;

function fail(message) {
  console.error('FAIL: ' + message);
  for (const f of fs.readdirSync(work).filter((n) => n.endsWith('.log'))) {
    console.error('--- ' + f);
    console.error(fs.readFileSync(path.join(work, f), 'utf8').split('\n').slice(-15).join('\n'));
  }
  throw new Error(message);
}
function check(cond, message) {
  if (!cond) fail(message);
}

async function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitHttp(url) {
  for (let i = 0; i < 600; i++) {
    try {
      const r = await fetch(url);
      if (r.ok) return r;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  fail('timed out waiting for ' + url);
}

function start(name, args, env) {
  const log = fs.openSync(path.join(work, name + '.log'), 'a');
  const child = spawn(args[0], args.slice(1), { env, stdio: ['ignore', log, log] });
  children.push(child);
  return child;
}

function run(env, ...args) {
  try {
    return execFileSync(bin, args, { env, cwd: work, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], input: env.__stdin || '' });
  } catch (e) {
    fail(`wppackages ${args.join(' ')}: ${e.stderr}`);
  }
}

// Waits until the wall-clock second changes, so the next build gets a new id.
async function nextSecond() {
  const s = Math.floor(Date.now() / 1000);
  while (Math.floor(Date.now() / 1000) === s) await new Promise((r) => setTimeout(r, 20));
}

async function main() {
  const fakePort = await freePort();
  start('fake', [path.join(build, 'fake-wporg'), '--addr', `127.0.0.1:${fakePort}`], process.env);
  const urls = await (await waitHttp(`http://127.0.0.1:${fakePort}/`)).json();
  const servePort = await freePort();
  const base = `http://127.0.0.1:${servePort}`;
  const logDir = path.join(work, 'logs');
  const env = {
    ...process.env,
    WPORG_API_URL: urls.api_url,
    WPORG_PLUGINS_SVN_URL: urls.plugins_svn_url,
    WPORG_THEMES_SVN_URL: urls.themes_svn_url,
    REPOSITORY_DIR: path.join(work, 'repository'),
    SEEDS_FILE: path.join(root, 'testdata/seeds.yaml'),
    LOG_DIR: logDir,
    APP_URL: base,
  };
  const db = path.join(work, 'wpp.db');
  run(env, '--db', db, 'migrate');
  run(env, '--db', db, 'pipeline', '--discover-source=config');
  await nextSecond();
  run(env, '--db', db, 'build', '--force');
  run(env, '--db', db, 'deploy');
  const before = fs.readlinkSync(path.join(work, 'repository', 'current'));
  run({ ...env, __stdin: 'a long test password\n' }, '--db', db, 'admin', 'create', '--email', 'admin@example.com', '--name', 'Admin', '--password-stdin');

  start('serve', [bin, '--db', db, 'serve', '--addr', `127.0.0.1:${servePort}`], env);
  await waitHttp(base + '/health');

  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  // The site's Content-Security-Policy must not refuse anything of the area.
  const refused = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) refused.push(m.text());
  });

  // Without a session the area sends to the login page.
  await page.goto(base + '/admin');
  check(page.url().endsWith('/admin/login'), 'not sent to login: ' + page.url());
  await page.screenshot({ path: path.join(shots, '01-login.png'), fullPage: true });

  // Sign in.
  await page.fill('#email', 'admin@example.com');
  await page.fill('#password', 'a long test password');
  await Promise.all([page.waitForURL(base + '/admin'), page.click('button[type=submit]')]);
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === 'session');
  check(session && session.httpOnly && session.sameSite === 'Lax', 'session cookie flags: ' + JSON.stringify(session));

  // The log stream shows a line appended now.
  await page.waitForSelector('#log-status:text("Connected")', { timeout: 15000 });
  const marker = 'browser-test-line-' + Date.now();
  fs.appendFileSync(path.join(logDir, 'wppackages.log'), marker + '\n');
  await page.waitForSelector(`#log div:text("${marker}")`, { timeout: 15000 });
  await page.screenshot({ path: path.join(shots, '02-logs.png'), fullPage: true });

  // wp.org check through fake-wporg.
  await page.fill('input[name=slug]', 'akismet');
  await Promise.all([page.waitForURL(/slug=akismet/), page.click('section[aria-labelledby=check-h] button[type=submit]')]);
  const result = await page.textContent('#check-result');
  check(result.includes('plugin/akismet') && result.includes('HTTP 200') && result.includes('Open'), 'check result: ' + result);
  await page.screenshot({ path: path.join(shots, '03-wporg-check.png'), fullPage: true });

  // Roll back a build and see current change.
  await page.click('a[href="/admin/builds"]');
  const shown = (await page.textContent('#current-build')).trim();
  check(before.endsWith(shown), `page shows ${shown}, current is ${before}`);
  await page.check('form[action="/admin/builds/rollback"] input[name=confirm]');
  await Promise.all([page.waitForURL(/notice=/), page.click('form[action="/admin/builds/rollback"] button')]);
  const after = fs.readlinkSync(path.join(work, 'repository', 'current'));
  check(after !== before, 'current did not change: ' + after);
  const shownAfter = (await page.textContent('#current-build')).trim();
  check(after.endsWith(shownAfter), `page shows ${shownAfter}, current is ${after}`);
  await page.screenshot({ path: path.join(shots, '04-rolled-back.png'), fullPage: true });

  await page.click('a[href="/admin/audit"]');
  const audit = await page.textContent('main');
  check(audit.includes('rollback') && audit.includes('wporg-check') && audit.includes('login'), 'audit: ' + audit);
  await page.screenshot({ path: path.join(shots, '05-audit.png'), fullPage: true });

  // Sign out, then be refused.
  await Promise.all([page.waitForURL(base + '/admin/login'), page.click('header button[type=submit]')]);
  await page.goto(base + '/admin/builds');
  check(page.url().endsWith('/admin/login'), 'still signed in after logout: ' + page.url());
  const old = await fetch(base + '/admin', { headers: { Cookie: 'session=' + session.value }, redirect: 'manual' });
  check(old.status === 303, 'old session still works: ' + old.status);
  await page.screenshot({ path: path.join(shots, '06-signed-out.png'), fullPage: true });
  check(refused.length === 0, 'CSP refused: ' + refused.join('; '));
  console.log(`admin browser test: ok (current ${before} -> ${after}); screenshots in ${shots}`);
}

let code = 0;
try {
  await main();
} catch (e) {
  console.error(e.stack || e);
  code = 1;
} finally {
  if (browser) await browser.close();
  for (const c of children) c.kill('SIGTERM');
  if (!process.env.KEEP) fs.rmSync(work, { recursive: true, force: true });
}
process.exit(code);
