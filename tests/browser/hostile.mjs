// Browser test `browser_hostile` (docs/behaviour.md §17.3): packages whose
// WordPress.org fields carry script tags, attribute breakers, javascript:
// and data: URLs, right-to-left overrides, a 100 KB description and invalid
// UTF-8 are written straight into the site's database; their pages, the
// search results listing them, and hostile search input must stay inert:
// no dialog, no console error, no injected element, no script run.
import { execFileSync } from "node:child_process";
import { check, run, shot, watch } from "./lib.mjs";

const payload = `"><script>window.__pwned=1;alert(1)</script><img src=x onerror="window.__pwned=1;alert(2)">`;
const sqlText = (s) => `'${s.replaceAll("'", "''")}'`;

function insert(db, rows) {
  const values = rows.map((r) =>
    `('plugin', ${sqlText(r.name)}, ${r.display}, ${r.description}, ${r.author}, ${r.homepage}, ` +
    `'{"1.0":"u","dev-trunk":"u"}', '1.0', '1.0', 1, 500, 100000, 'x', 'x')`).join(",\n");
  execFileSync("sqlite3", [db, `INSERT INTO packages (type, name, display_name, description, author,
    homepage, versions_json, current_version, wporg_version, is_active, active_installs,
    wp_packages_installs_total, created_at, updated_at) VALUES ${values};`]);
}

await run("browser_hostile", async ({ site, browser, dir }) => {
  insert(site.db, [
    { name: "hostile-script", display: sqlText(`Hostile ${payload}`), description: sqlText(payload),
      author: sqlText(`<b onmouseover=alert(3)>${payload}`), homepage: sqlText("javascript:alert(4)") },
    { name: "hostile-data-url", display: sqlText("Data URL ' onfocus='alert(5)"),
      description: sqlText("</textarea></title><svg onload=alert(6)>"),
      author: sqlText("\u202Eevil\u202C author"), homepage: sqlText("data:text/html,<script>alert(7)</script>") },
    { name: "hostile-rtl", display: sqlText("\u202Egnp.exe\u202C plugin"),
      description: `printf('%.*c', 100000, 'x')`, author: "NULL", homepage: sqlText(" https://spaced.example") },
    { name: "hostile-utf8", display: "CAST(X'48C3FF28E282' AS TEXT)", description: "CAST(X'FFFEFD3C7363726970743E' AS TEXT)",
      author: "CAST(X'C0AF' AS TEXT)", homepage: sqlText("https://ok.example/\u00e9") },
  ]);
  const context = await browser.newContext();
  const page = watch(await context.newPage());
  const inert = async (label) => {
    const found = await page.evaluate(() => ({
      pwned: window.__pwned === 1,
      injected: document.querySelectorAll(
        'img[src="x"], svg[onload], b[onmouseover], [onerror], [onfocus], script:not([src]):not([type="application/ld+json"])').length,
      jsLinks: Array.from(document.querySelectorAll("a[href]")).filter((a) => !/^(https?:|\/|#)/.test(a.getAttribute("href"))).length,
    }));
    check(!found.pwned, `${label}: a payload ran`);
    check(found.injected === 0, `${label}: ${found.injected} injected elements`);
    check(found.jsLinks === 0, `${label}: ${found.jsLinks} links with a non-http scheme`);
  };
  for (const name of ["hostile-script", "hostile-data-url", "hostile-rtl", "hostile-utf8"]) {
    const answer = await page.goto(`${site.url}/packages/wp-plugin/${name}`);
    check(answer.status() === 200, `${name}: HTTP ${answer.status()}`);
    await page.locator("a, button").first().focus();
    await page.hover("h1");
    await inert(name);
    await shot(page, dir, name);
    const md = await page.request.get(`${site.url}/packages/wp-plugin/${name}.md`);
    check(md.status() === 200, `${name}.md: HTTP ${md.status()}`);
  }
  // The listing that shows them all.
  await page.goto(`${site.url}/?search=hostile`);
  check((await page.locator("#package-results li").count()) >= 3, "hostile packages listed");
  await inert("search results");
  await shot(page, dir, "search-results");
  // Hostile search input, typed: every answer is a results page.
  for (const text of ['"', "a\" OR \"b", "NEAR(x y)", "-woo", "*", "col:x", "'", "\\", "x".repeat(10240)]) {
    const answer = await page.request.get(`${site.url}/packages-partial?search=${encodeURIComponent(text)}`);
    // A 10 KB query string may be refused whole by the server (414); never a 5xx.
    const ok = answer.status() === 200 || (text.length > 8000 && answer.status() === 414);
    check(ok, `search ${text.slice(0, 20)}: HTTP ${answer.status()}`);
  }
  await page.goto(`${site.url}/`);
  await page.locator("#search").fill(`"><script>alert(8)</script> NEAR "`);
  await page.locator("#filters button[type=submit]").click();
  await page.waitForURL((u) => u.search.includes("search="));
  await inert("hostile search");
  await shot(page, dir, "hostile-search");
});
