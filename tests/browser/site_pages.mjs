// Browser test `browser_site_pages` (docs/behaviour.md §18.9–§18.12): follow
// the status and closures pages from the navigation, open a vendor, search
// the untagged plugins (results and the URL follow), the author
// autocomplete, the content pages, and /status in dark mode.
import { execFileSync } from "node:child_process";
import { check, run, shot, watch } from "./lib.mjs";

const now = new Date();
const iso = (msAgo) => new Date(now.getTime() - msAgo).toISOString().replace(/\.\d+Z$/, "Z");
const buildId = (msAgo) => iso(msAgo).replace(/[-:]/g, "").replace("T", "-").slice(0, 15);

// Builds, status checks, changes and mass closures for the pages to show.
function seed(db) {
  const b1 = buildId(3600_000), b2 = buildId(600_000);
  const sql = `
    INSERT INTO builds (id, started_at, finished_at, status, packages_total, packages_changed,
      artifact_count, duration_seconds, discover_seconds, update_seconds, build_seconds)
      VALUES ('${b1}', '${iso(3600_000)}', '${iso(3590_000)}', 'completed', 75, 2, 80, 10, 2, 5, 3),
             ('${b2}', '${iso(600_000)}', NULL, 'failed', 75, 0, 0, 4, 1, NULL, NULL);
    UPDATE builds SET error_message = 'update: <b>boom</b>' WHERE id = '${b2}';
    INSERT INTO metadata_changes (package_name, action, timestamp, build_id) VALUES
      ('wp-plugin/akismet', 'update', ${now.getTime() - 3590_000}, '${b1}'),
      ('wp-plugin/gone-plugin', 'delete', ${now.getTime() - 3590_000}, '${b1}');
    INSERT INTO status_checks (started_at, finished_at, status, checked, deactivated, reactivated,
      duration_seconds) VALUES ('${iso(1800_000)}', '${iso(1790_000)}', 'completed', 75, 2, 1, 10);
    INSERT INTO status_check_changes (status_check_id, package_type, package_name, action, created_at)
      VALUES (last_insert_rowid(), 'plugin', 'akismet', 'reactivated', '${iso(1790_000)}');
    INSERT INTO closure_events (vendor_name, vendor_slug, detected_at, plugin_slugs, plugin_count)
      VALUES ('Acme <Plugins>', 'acme-plugins', '${iso(7200_000)}', '["akismet","not-mirrored"]', 2);`;
  execFileSync("sqlite3", ["-cmd", ".timeout 5000", db, sql]);
}

await run("browser_site_pages", async ({ site, browser, dir }) => {
  seed(site.db);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = watch(await context.newPage());

  // Follow the navigation to the status page.
  await page.goto(site.url + "/");
  await page.locator("header").getByRole("link", { name: "Status" }).first().click();
  await page.waitForURL((u) => u.pathname === "/status");
  check((await page.locator("h1").innerText()) === "Status", "status heading");
  const builds = await page.locator("#builds").innerText();
  check(builds.includes("Current") || builds.includes("completed"), "builds listed");
  check(builds.includes("failed"), "the failed build is shown");
  check((await page.locator("#builds").innerHTML()).includes("&lt;b&gt;boom"), "build errors are text");
  await page.locator("#builds summary").first().click();
  check(await page.locator("#builds a[href='/packages/wp-plugin/akismet']").isVisible(), "changes expand");
  check((await page.locator("#checks").innerText()).includes("Completed"), "status checks listed");
  check((await page.locator("#freshness").innerText()).length > 0, "freshness card");
  await shot(page, dir, "01-status");

  // From status to the mass closures, then a vendor.
  await page.locator("#checks").getByRole("link", { name: "mass closures" }).click();
  await page.waitForURL((u) => u.pathname === "/closures");
  check((await page.locator("main, body").first().innerText()).includes("Acme <Plugins>"), "event listed");
  await shot(page, dir, "02-closures");
  await page.getByRole("link", { name: /Acme <Plugins>/ }).click();
  await page.waitForURL((u) => u.pathname === "/closures/acme-plugins");
  const vendor = await page.locator("table").first().innerText();
  check(vendor.includes("Active") && vendor.includes("Unknown"), "plugin states");
  await shot(page, dir, "03-vendor");
  const md = await page.request.get(site.url + "/closures/acme-plugins.md");
  check(md.ok() && (await md.text()).startsWith("# Acme \\<Plugins\\>"), "vendor Markdown");

  // Untagged: the page, a search through htmx (URL follows), the autocomplete.
  await page.goto(site.url + "/untagged");
  check((await page.locator("h1").innerText()) === "Untagged Plugins", "untagged heading");
  await shot(page, dir, "04-untagged");
  const rows = await page.locator("#untagged-results tbody tr").count();
  const partial = page.waitForResponse((r) => r.url().includes("/untagged-partial"));
  await page.locator("#untagged-search").pressSequentially("zzzz-no-such", { delay: 20 });
  await partial;
  await page.waitForURL((u) => u.search.includes("search=zzzz-no-such"));
  await page.waitForFunction(() => document.querySelector("#untagged-results")?.innerText.includes("No plugins match"));
  await page.goBack();
  await page.waitForURL((u) => !u.search.includes("search="));
  await page.locator("#untagged-search").fill("");
  const author = execFileSync("sqlite3", [site.db, `SELECT author FROM packages WHERE is_active = 1 AND
      type = 'plugin' AND wporg_version != '' AND instr(versions_json, '"' || ltrim(wporg_version, 'vV') || '":') = 0
      AND author != '' ORDER BY active_installs DESC LIMIT 1`]).toString().trim();
  if (rows > 0 && author.length >= 2) {
    const answer = page.waitForResponse((r) => r.url().includes("/untagged-authors?q="));
    await page.locator("#author").pressSequentially(author.slice(0, 2), { delay: 20 });
    await answer;
    await page.waitForFunction(() => document.querySelectorAll("#author-options option").length > 0);
    const options = await page.locator("#author-options option").evaluateAll((o) => o.map((x) => x.value));
    check(options.includes(author), `autocomplete offers ${author}`);
    await page.locator("#author").fill(author);
    await page.locator("#author").press("Enter");
    await page.waitForURL((u) => u.searchParams.get("author") === author);
    await shot(page, dir, "05-untagged-author");
  }

  // Content pages.
  for (const [path, name] of [["/docs", "06-docs"], ["/compare", "07-compare"], ["/wordpress-core", "08-wordpress-core"]]) {
    const response = await page.goto(site.url + path);
    check(response.status() === 200, `${path} answers`);
    await shot(page, dir, name);
  }
  const legacy = await page.goto(site.url + "/wp-packages-vs-wpackagist");
  check(new URL(legacy.url()).pathname === "/compare", "legacy compare URL redirects");

  // Dark mode.
  const dark = watch(await browser.newPage({ colorScheme: "dark", viewport: { width: 1280, height: 900 } }));
  await dark.goto(site.url + "/status");
  await shot(dark, dir, "09-status-dark");
  // Narrow screen.
  const narrow = watch(await browser.newPage({ viewport: { width: 360, height: 800 } }));
  await narrow.goto(site.url + "/untagged");
  await shot(narrow, dir, "10-untagged-360");
});
