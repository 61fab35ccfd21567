-- Five packages as `update` stores them from testdata/wporg (plus one closed
-- plugin), for the golden build test. Publish times exist for some versions
-- only, so the fallback to last_committed is covered too.
INSERT INTO packages (id, type, name, display_name, description, author, homepage, versions_json,
                      current_version, is_active, last_committed, last_synced_at,
                      last_sync_run_id, trunk_revision, created_at, updated_at) VALUES
 (1, 'plugin', 'akismet', 'Akismet Anti-spam: Spam Protection',
  'The best anti-spam protection to block spam comments and spam in a contact form.',
  'Automattic - Anti-spam Team', 'https://akismet.com/',
  '{"5.3":"https://downloads.wordpress.org/plugin/akismet.5.3.zip","5.3.1":"https://downloads.wordpress.org/plugin/akismet.5.3.1.zip","5.3.2":"https://downloads.wordpress.org/plugin/akismet.5.3.2.zip","5.3.3":"https://downloads.wordpress.org/plugin/akismet.5.3.3.zip","dev-trunk":"https://downloads.wordpress.org/plugin/akismet.zip"}',
  '5.3.3', 1, '2024-10-03T14:31:00Z', '2024-10-03T15:00:00Z', 1, 3470087,
  '2024-01-01T00:00:00Z', '2024-10-03T15:00:00Z'),
 (2, 'plugin', 'classic-editor', 'Classic Editor',
  'Enables the previous "classic" editor and the old-style Edit Post screen.',
  'WordPress Contributors', 'https://wordpress.org/plugins/classic-editor/',
  '{"1.6.3":"https://downloads.wordpress.org/plugin/classic-editor.1.6.3.zip","1.6.4":"https://downloads.wordpress.org/plugin/classic-editor.1.6.4.zip","1.6.5":"https://downloads.wordpress.org/plugin/classic-editor.1.6.5.zip","1.6.6":"https://downloads.wordpress.org/plugin/classic-editor.1.6.6.zip","dev-trunk":"https://downloads.wordpress.org/plugin/classic-editor.zip"}',
  '1.6.6', 1, '2024-11-11T20:45:00Z', '2024-11-11T21:00:00Z', 1, NULL,
  '2024-01-01T00:00:00Z', '2024-11-11T21:00:00Z'),
 (3, 'plugin', 'contact-form-7', 'Contact Form 7',
  'Just another contact form plugin. Simple but flexible. <Forms> & more.',
  'Takayuki Miyoshi', 'https://contactform7.com/',
  '{"6.0":"https://downloads.wordpress.org/plugin/contact-form-7.6.0.zip","6.0.1":"https://downloads.wordpress.org/plugin/contact-form-7.6.0.1.zip","6.0.2":"https://downloads.wordpress.org/plugin/contact-form-7.6.0.2.zip","dev-trunk":"https://downloads.wordpress.org/plugin/contact-form-7.zip"}',
  '6.0.2', 1, '2024-12-14T22:20:00Z', '2024-12-14T23:00:00Z', 2, 3210000,
  '2024-01-01T00:00:00Z', '2024-12-14T23:00:00Z'),
 (4, 'theme', 'astra', 'Astra',
  'Starter Templates lets you build beautiful WordPress websites with starter templates.',
  'Starter Templates', 'https://wpastra.com/',
  '{"4.8.2":"https://downloads.wordpress.org/theme/astra.4.8.2.zip","4.8.3":"https://downloads.wordpress.org/theme/astra.4.8.3.zip","4.8.4":"https://downloads.wordpress.org/theme/astra.4.8.4.zip"}',
  '4.8.4', 1, '2024-12-16T10:00:00Z', '2024-12-16T11:00:00Z', 2, 250000,
  '2024-01-01T00:00:00Z', '2024-12-16T11:00:00Z'),
 (5, 'theme', 'twentytwentyfive', 'Twenty Twenty-Five',
  'Twenty Twenty-Five is a versatile theme designed for blogs and websites.',
  'WordPress team', 'https://wordpress.org/themes/twentytwentyfive/',
  '{"1.0":"https://downloads.wordpress.org/theme/twentytwentyfive.1.0.zip","1.1":"https://downloads.wordpress.org/theme/twentytwentyfive.1.1.zip"}',
  '1.1', 1, '2025-01-15T12:00:00Z', '2025-01-15T13:00:00Z', 2, NULL,
  '2024-01-01T00:00:00Z', '2025-01-15T13:00:00Z'),
 (6, 'plugin', 'closed-plugin', 'Closed', 'Gone.', 'Someone', '',
  '{"1.0":"https://downloads.wordpress.org/plugin/closed-plugin.1.0.zip"}',
  '1.0', 0, '2024-06-01T00:00:00Z', '2024-06-01T00:00:00Z', 1, NULL,
  '2024-01-01T00:00:00Z', '2024-06-01T00:00:00Z');

INSERT INTO package_versions (package_id, version, published_at, source) VALUES
 (1, '5.3', '2023-08-10T09:00:00Z', 'svn'),
 (1, '5.3.1', '2024-01-23T10:00:00Z', 'svn'),
 (1, '5.3.2', '2024-04-22T11:00:00Z', 'svn'),
 (1, '5.3.3', '2024-07-09T12:00:00Z', 'svn'),
 (2, '1.6.6', '2024-11-11T20:45:00Z', 'mirror'),
 (4, '4.8.2', '2024-11-20T08:00:00Z', 'svn'),
 (4, '4.8.3', '2024-12-02T08:00:00Z', 'svn'),
 (4, '4.8.4', '2024-12-16T10:00:00Z', 'svn');

-- One security advisory of akismet, as `wppackages advisories` stores it
-- (docs/behaviour.md §20): it appears in both of akismet's p2 files.
INSERT INTO advisories (package_name, advisory_id, source, title, link, cve, affected_versions,
                        reported_at, severity, json, updated_at) VALUES
 ('wp-plugin/akismet', 'WF-fixture-1', 'feed', 'Akismet <= 5.3.1 - Stored XSS',
  'https://example.org/advisories/fixture-1', 'CVE-2024-0001', '<=5.3.1',
  '2024-05-01 12:00:00', 'medium',
  '{"advisoryId":"WF-fixture-1","affectedVersions":"\u003c=5.3.1","cve":"CVE-2024-0001","link":"https://example.org/advisories/fixture-1","packageName":"wp-plugin/akismet","reportedAt":"2024-05-01 12:00:00","severity":"medium","sources":[{"name":"Wordfence","remoteId":"fixture-1"}],"title":"Akismet \u003c= 5.3.1 - Stored XSS"}',
  1714564800);
