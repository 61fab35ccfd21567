// Browser acceptance of the admin area (docs/behaviour.md §19): sign in, see
// the log stream show a line the test appends, run a wp.org check, roll back
// a build and see `current` change, sign out and be refused. The area wears
// the site's look (docs/behaviour.md §19.8): the site's stylesheet only, light
// and dark, 360 px wide without sideways scrolling, visible focus, every
// control labelled.
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

  await page.click('a[href="/admin/sessions"]');
  const sessions = await page.textContent('main');
  check(sessions.includes('admin@example.com') && sessions.includes('this session'), 'sessions: ' + sessions);
  await page.screenshot({ path: path.join(shots, '06-sessions.png'), fullPage: true });

  // The site's stylesheet and nothing of the area's own; the current page marked.
  const look = await page.evaluate(() => ({
    css: [...document.querySelectorAll('link[rel=stylesheet]')].map((l) => new URL(l.href).pathname),
    current: (document.querySelector('nav[aria-label=Admin] [aria-current=page]') || {}).textContent,
    bg: getComputedStyle(document.body).backgroundColor,
  }));
  check(look.css.length === 1 && /^\/assets\/app\.[0-9a-f]{12}\.css$/.test(look.css[0]), 'stylesheets: ' + look.css);
  // (The served HTML: the browser itself adds empty style attributes to forms.)
  const served = await (await page.request.get(base + '/admin/sessions')).text();
  check(!/<style|\sstyle=/.test(served), 'inline style in the served page');
  check(look.current === 'Sessions', 'current nav entry: ' + look.current);
  check((await fetch(base + '/admin/admin.css', { redirect: 'manual' })).status === 303, '/admin/admin.css still served');

  // Focus is visible: the skip link, then the site name.
  await page.keyboard.press('Tab');
  const skip = await page.evaluate(() => ({ text: document.activeElement.textContent, outline: getComputedStyle(document.activeElement).outlineStyle, width: document.activeElement.getBoundingClientRect().width }));
  check(skip.text === 'Skip to content' && skip.outline === 'solid' && skip.width > 1, 'skip link focus: ' + JSON.stringify(skip));
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  check(focused === 'solid', 'focus outline: ' + focused);

  // Every page: each control labelled; 360 px wide without sideways scrolling.
  const pages = ['/admin', '/admin/builds', '/admin/runs', '/admin/sessions', '/admin/audit'];
  const unlabelled = () => [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button')]
    .filter((e) => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !(e.tagName === 'BUTTON' && e.textContent.trim()))
    .map((e) => e.outerHTML.slice(0, 100));
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 900 });
    for (const p of pages) {
      await page.goto(base + p);
      const bad = await page.evaluate(unlabelled);
      check(bad.length === 0, `${p}: unlabelled controls: ${bad.join(' | ')}`);
      const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
      const wide = scroll <= width ? [] : await page.evaluate((w) => [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > w && !e.closest('.overflow-x-auto, .overflow-auto'))
        .map((e) => e.tagName + '.' + e.className.toString().slice(0, 40)), width);
      check(scroll <= width, `${p} at ${width} px scrolls sideways (${scroll} px): ${wide.slice(0, 5).join(' | ')}`);
    }
  }
  await page.goto(base + '/admin/builds');
  await page.screenshot({ path: path.join(shots, '07-builds-360.png'), fullPage: true });
  await page.goto(base + '/admin');
  await page.screenshot({ path: path.join(shots, '08-logs-360.png'), fullPage: true });

  // Dark mode follows the system setting.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(base + '/admin?type=plugin&slug=akismet');
  await page.waitForSelector('#log-status:text("Connected")', { timeout: 15000 });
  const dark = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  check(dark !== look.bg, `dark background ${dark} is the light one`);
  await page.screenshot({ path: path.join(shots, '09-dark-logs.png'), fullPage: true });
  for (const [p, name] of [['/admin/builds', '10-dark-builds'], ['/admin/sessions', '11-dark-sessions'], ['/admin/audit', '12-dark-audit']]) {
    await page.goto(base + p);
    await page.screenshot({ path: path.join(shots, name + '.png'), fullPage: true });
  }
  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto(base + '/admin/sessions');
  await page.screenshot({ path: path.join(shots, '13-dark-sessions-360.png'), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(base + '/admin/audit');

  // Sign out, then be refused.
  await Promise.all([page.waitForURL(base + '/admin/login'), page.click('header button[type=submit]')]);
  await page.goto(base + '/admin/builds');
  check(page.url().endsWith('/admin/login'), 'still signed in after logout: ' + page.url());
  const old = await fetch(base + '/admin', { headers: { Cookie: 'session=' + session.value }, redirect: 'manual' });
  check(old.status === 303, 'old session still works: ' + old.status);
  await page.screenshot({ path: path.join(shots, '14-signed-out.png'), fullPage: true });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(base + '/admin/login?error=invalid%20credentials');
  await page.screenshot({ path: path.join(shots, '15-dark-login-error.png'), fullPage: true });
  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto(base + '/admin/login');
  check(await page.evaluate(() => document.documentElement.scrollWidth) <= 360, 'login scrolls sideways at 360 px');
  await page.screenshot({ path: path.join(shots, '16-dark-login-360.png'), fullPage: true });
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
