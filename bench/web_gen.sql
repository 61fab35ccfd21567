-- 70,000 synthetic packages for bench/web_bench.sh and bench/lighthouse.sh
-- (:n is replaced by the script): names and texts from a small vocabulary,
-- so searches match like real ones do; ~82% plugins; 5 versions each;
-- a year of monthly installs for every tenth package.
CREATE TEMP TABLE words (i INTEGER PRIMARY KEY, w TEXT);
INSERT INTO words (w) VALUES ('seo'),('cache'),('gallery'),('slider'),('forms'),('contact'),
  ('security'),('backup'),('social'),('share'),('woo'),('commerce'),('shipping'),('payment'),
  ('calendar'),('events'),('booking'),('analytics'),('maps'),('video'),('image'),('optimizer'),
  ('newsletter'),('popup'),('menu'),('widget'),('blocks'),('editor'),('translate'),('spam'),
  ('login'),('member'),('portfolio'),('testimonials'),('faq'),('table'),('pricing'),('chat'),
  ('redirect'),('sitemap'),('schema'),('lazy'),('load'),('minify'),('cdn'),('firewall'),('audit'),
  ('export'),('import'),('migrate');
CREATE TEMP TABLE seq AS WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < :n)
  SELECT x FROM s;
INSERT INTO packages (id, type, name, display_name, description, author, homepage, versions_json,
  current_version, wporg_version, downloads, active_installs, wp_packages_installs_total,
  wp_packages_installs_30d, last_committed, is_active, created_at, updated_at)
SELECT x, CASE WHEN x % 11 < 2 THEN 'theme' ELSE 'plugin' END,
  (SELECT w FROM words WHERE i = 1 + x % 50) || '-' || (SELECT w FROM words WHERE i = 1 + (x / 50) % 50)
    || '-' || x,
  upper(substr((SELECT w FROM words WHERE i = 1 + x % 50), 1, 1)) ||
    substr((SELECT w FROM words WHERE i = 1 + x % 50), 2) || ' ' ||
    (SELECT w FROM words WHERE i = 1 + (x / 50) % 50) || ' ' || x,
  'The easiest way to ' || (SELECT w FROM words WHERE i = 1 + (x * 7) % 50) || ' your ' ||
    (SELECT w FROM words WHERE i = 1 + (x * 13) % 50) || ' with ' ||
    (SELECT w FROM words WHERE i = 1 + (x * 17) % 50) || ' and ' ||
    (SELECT w FROM words WHERE i = 1 + (x * 23) % 50) || '. Fast, free and friendly.',
  'Author ' || (x % 997), 'https://example.org/' || x,
  '{"1.0.0":"u","1.1.0":"u","1.2.0":"u","2.0.0":"u","2.1.' || (x % 9) || '":"u","dev-trunk":"u"}',
  '2.1.' || (x % 9), '2.1.' || (x % 9), (x * 7919) % 1000000, (x * 104729) % 5000000,
  (x * 7919) % 50000, (x * 31) % 3000,
  strftime('%Y-%m-%dT%H:%M:%SZ', 1700000000 + x * 600, 'unixepoch'), 1, 'x',
  strftime('%Y-%m-%dT%H:%M:%SZ', 1700000000 + x * 600, 'unixepoch')
FROM seq;
INSERT INTO package_versions (package_id, version, published_at, source)
SELECT p.x, v.version, strftime('%Y-%m-%dT%H:%M:%SZ', 1600000000 + p.x * 60 + v.k * 86400, 'unixepoch'), 'svn'
FROM seq p, (SELECT '1.0.0' AS version, 1 AS k UNION ALL SELECT '1.1.0', 2 UNION ALL SELECT '1.2.0', 3
             UNION ALL SELECT '2.0.0', 4) v;
INSERT INTO monthly_installs (package_id, month, installs)
SELECT p.x, '2025-' || printf('%02d', m.x), (p.x * 13 + m.x * 97) % 900
FROM seq p, (SELECT x FROM seq WHERE x <= 12) m WHERE p.x % 10 = 0;
UPDATE package_stats SET active_plugins = (SELECT COUNT(*) FROM packages WHERE type = 'plugin'),
  active_themes = (SELECT COUNT(*) FROM packages WHERE type = 'theme'),
  plugin_installs = 123456789, theme_installs = 2345678, updated_at = '2026-01-01T00:00:00Z';
