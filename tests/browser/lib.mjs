// Shared helpers of the browser tests (label `browser`): a site started by
// start_site.sh (fake-wporg + discover + update + serve, on free ports in
// its own temp dir), Debian's chromium through playwright-core, screenshots
// under <build>/screenshots/<test>/, and a watch that fails the test on any
// console error, page error or dialog.
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));

export const launchArgs = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

// Starts the site; resolves to {url, db, stop}.
export function startSite(buildDir, synthetic = 60) {
  const child = spawn(join(here, "start_site.sh"), [buildDir, String(synthetic)], {
    detached: true,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const stop = () => {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {}
  };
  process.on("exit", stop);
  return new Promise((resolve, reject) => {
    const values = {};
    const lines = createInterface({ input: child.stdout });
    lines.on("line", (line) => {
      const eq = line.indexOf("=");
      if (eq > 0) values[line.slice(0, eq)] = line.slice(eq + 1);
      if (values.SERVE_URL && values.DB) resolve({ url: values.SERVE_URL, db: values.DB, stop });
    });
    child.on("exit", (code) => reject(new Error(`start_site.sh exited with ${code}`)));
  });
}

export async function launch() {
  return chromium.launch({ executablePath: "/usr/bin/chromium", args: launchArgs });
}

// Problems seen in the browser; the test fails if any remain at the end.
export const problems = [];

// Records console errors, uncaught page errors, dialogs (dismissed) and
// failed requests of `page`.
export function watch(page) {
  page.on("console", (msg) => {
    if (msg.type() !== "error") return;
    // The document itself answering 404 (the not-found page test) is expected.
    if (msg.text().includes("status of 404") && msg.location().url === page.url()) return;
    problems.push(`console error on ${page.url()}: ${msg.text()} at ${JSON.stringify(msg.location())}`);
  });
  page.on("pageerror", (err) => problems.push(`page error on ${page.url()}: ${err.message}`));
  page.on("dialog", async (dialog) => {
    problems.push(`dialog on ${page.url()}: ${dialog.type()} ${dialog.message()}`);
    await dialog.dismiss();
  });
  return page;
}

export function screenshotDir(buildDir, test) {
  const dir = join(buildDir, "screenshots", test);
  mkdirSync(dir, { recursive: true });
  return dir;
}

export async function shot(page, dir, name) {
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

export function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
}

// Runs `body(site, browser)`, then fails on any recorded problem; always stops everything.
export async function run(test, body) {
  const buildDir = process.argv[2];
  if (!buildDir) {
    console.error(`usage: node ${test}.mjs BUILD_DIR`);
    process.exit(2);
  }
  let site;
  let browser;
  let failed = false;
  try {
    site = await startSite(buildDir);
    browser = await launch();
    await body({ site, browser, dir: screenshotDir(buildDir, test) });
    if (problems.length) throw new Error(problems.join("\n"));
    console.log(`${test}: ok`);
  } catch (err) {
    failed = true;
    console.error(`${test}: FAIL\n${err.stack || err}`);
  } finally {
    if (browser) await browser.close();
    if (site) site.stop();
  }
  process.exit(failed ? 1 : 0);
}
