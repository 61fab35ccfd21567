// Browser test `browser_hostile_corpus` (docs/behaviour.md §18.8): every package of
// the hostile corpus (fake-wporg --hostile) opens as inert text. Fails on any
// dialog, console or page error (lib.mjs), any <script> or event-handler
// attribute the site did not write, any javascript:/data: link, and any
// frame, object or embed; hovers and focuses the hostile text on the way.
import { check, run, shot, watch } from "./lib.mjs";

process.env.FAKE_WPORG_FLAGS = "--hostile";

const packages = [
  "wp-plugin/hostile-script", "wp-plugin/hostile-attribute", "wp-plugin/hostile-javascript-url",
  "wp-plugin/hostile-data-url", "wp-plugin/hostile-rtl-override",
  "wp-plugin/hostile-huge-description", "wp-plugin/hostile-invalid-utf8", "wp-theme/hostile-theme",
];

// What the page holds that the site did not put there.
async function injected(page) {
  return page.evaluate(() => {
    const found = [];
    for (const s of document.querySelectorAll("script")) {
      const ours = (s.src && new URL(s.src).pathname.startsWith("/assets/")) ||
                   s.type === "application/ld+json";
      if (!ours) found.push("script: " + (s.src || s.textContent.slice(0, 80)));
    }
    for (const el of document.querySelectorAll("*")) {
      for (const a of el.attributes) {
        if (a.name.toLowerCase().startsWith("on")) found.push(`${el.tagName} ${a.name}=${a.value.slice(0, 60)}`);
      }
    }
    for (const a of document.querySelectorAll("[href], [src], [action], [formaction]")) {
      for (const name of ["href", "src", "action", "formaction"]) {
        const v = (a.getAttribute(name) || "").replace(/[\s\u0000-\u001f]/g, "").toLowerCase();
        if (v.startsWith("javascript:") || v.startsWith("data:") || v.startsWith("vbscript:")) {
          found.push(`${a.tagName} ${name}=${v.slice(0, 60)}`);
        }
      }
    }
    for (const el of document.querySelectorAll("iframe, object, embed, frame, base, meta[http-equiv=refresh]")) {
      found.push(el.tagName);
    }
    if (document.querySelector("[autofocus]")) found.push("autofocus");
    return found;
  });
}

await run("browser_hostile_corpus", async ({ site, browser, dir }) => {
  const page = watch(await browser.newPage({ viewport: { width: 1280, height: 900 } }));
  for (const name of packages) {
    const response = await page.goto(`${site.url}/packages/${name}`);
    check(response.status() === 200, `${name} answers 200 (got ${response.status()})`);
    const extra = await injected(page);
    check(extra.length === 0, `${name}: injected ${extra.join(" | ")}`);
    // Hover and focus everything the hostile text landed in.
    await page.locator("h1").first().hover();
    for (const link of await page.locator("main a").all()) {
      await link.hover({ timeout: 1000 }).catch(() => {});
    }
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await shot(page, dir, name.replace("/", "-"));
  }
  // The browser lists them too, still inert.
  await page.goto(`${site.url}/?search=hostile`);
  const extra = await injected(page);
  check(extra.length === 0, `search: injected ${extra.join(" | ")}`);
  await shot(page, dir, "search-hostile");
  await page.goto(`${site.url}/?search=${encodeURIComponent('"><script>alert(1)</script>')}`);
  check((await injected(page)).length === 0, "search input reflected inertly");
});
