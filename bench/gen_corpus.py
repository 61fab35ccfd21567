#!/usr/bin/env python3
"""Fills a migrated wppackages database with a synthetic WordPress.org corpus.

Realistic in shape: ~85% plugins, ~15% themes; versions per package are
long-tailed (lognormal, mean about 15, a few with hundreds, ~4% trunk-only
plugins with none); a few pre-releases; every version has a first-published
time in package_versions, as `update` records them.

  gen_corpus.py DB --packages 70000            # fill
  gen_corpus.py DB --touch 200 --seed 2         # then: 200 packages get a new release
"""
import argparse
import json
import random
import sqlite3


def versions_for(rng, n):
    out, major, minor, patch = [], rng.randint(0, 3), 0, 0
    for _ in range(n):
        step = rng.random()
        if step < 0.08:
            major, minor, patch = major + 1, 0, 0
        elif step < 0.35:
            minor, patch = minor + 1, 0
        else:
            patch += 1
        v = f"{major}.{minor}.{patch}" if patch or rng.random() < 0.5 else f"{major}.{minor}"
        if rng.random() < 0.04:
            v += rng.choice(["-beta1", "-rc1", "-alpha"])
        out.append(v)
    return list(dict.fromkeys(out))


def package_row(rng, i):
    kind = "theme" if i % 7 == 0 else "plugin"
    slug = f"{'theme' if kind == 'theme' else 'plugin'}-{i:05d}-{rng.choice(['seo', 'forms', 'cache', 'shop', 'blocks', 'gallery'])}"
    n = 0 if (kind == "plugin" and rng.random() < 0.04) else min(600, int(rng.lognormvariate(2.2, 1.0)))
    vendor = "plugin" if kind == "plugin" else "theme"
    versions = versions_for(rng, max(n, 1 if kind == "theme" else 0))
    vmap = {v: f"https://downloads.wordpress.org/{vendor}/{slug}.{v}.zip" for v in versions}
    if kind == "plugin":
        vmap["dev-trunk"] = f"https://downloads.wordpress.org/plugin/{slug}.zip"
    desc = " ".join(rng.choice(["Fast", "simple", "secure", "<b>bold</b>", "forms", "&", "café",
                                "blocks", "for", "WordPress", "sites", "shop", "SEO"])
                    for _ in range(rng.randint(6, 20)))
    return kind, slug, desc, versions, json.dumps(vmap, sort_keys=True, separators=(",", ":"))


def fill(db, count, seed):
    rng = random.Random(seed)
    cur = db.cursor()
    for i in range(count):
        kind, slug, desc, versions, vjson = package_row(rng, i)
        cur.execute(
            "INSERT INTO packages (type, name, display_name, description, author, homepage,"
            " versions_json, is_active, last_committed, last_synced_at, last_sync_run_id,"
            " trunk_revision, created_at, updated_at) VALUES (?,?,?,?,?,?,?,1,?,?,1,?,?,?)",
            (kind, slug, slug.title(), desc, f"Author {i % 5000}", f"https://example.com/{slug}/",
             vjson, "2025-06-01T00:00:00Z", "2025-06-01T00:10:00Z", 3000000 + i,
             "2024-01-01T00:00:00Z", "2025-06-01T00:10:00Z"))
        pid = cur.lastrowid
        cur.executemany(
            "INSERT INTO package_versions (package_id, version, published_at, source)"
            " VALUES (?,?,?,'svn')",
            [(pid, v, f"20{10 + k * 15 // max(len(versions), 1):02d}-0{1 + k % 9}-1{k % 10}T12:00:00Z")
             for k, v in enumerate(versions)])
    db.commit()


def touch(db, count, seed):
    """Gives `count` random packages a new release, as update would."""
    rng = random.Random(seed)
    cur = db.cursor()
    ids = [r[0] for r in cur.execute("SELECT id FROM packages WHERE is_active = 1")]
    for pid in rng.sample(ids, count):
        name, vjson, kind = cur.execute(
            "SELECT name, versions_json, type FROM packages WHERE id = ?", (pid,)).fetchone()
        vmap = json.loads(vjson)
        new = f"99.{rng.randint(0, 99)}.{seed}"
        vmap[new] = f"https://downloads.wordpress.org/{kind}/{name}.{new}.zip"
        cur.execute("UPDATE packages SET versions_json = ?, last_committed = ?,"
                    " trunk_revision = trunk_revision + 1 WHERE id = ?",
                    (json.dumps(vmap, sort_keys=True, separators=(",", ":")),
                     f"2026-01-0{1 + seed % 9}T00:00:00Z", pid))
        cur.execute("INSERT OR IGNORE INTO package_versions VALUES (?,?,?,'svn')",
                    (pid, new, f"2026-01-0{1 + seed % 9}T00:00:00Z"))
    db.commit()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("--packages", type=int, default=0)
    parser.add_argument("--touch", type=int, default=0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    db = sqlite3.connect(args.db)
    db.execute("PRAGMA synchronous=OFF")
    if args.packages:
        fill(db, args.packages, args.seed)
    if args.touch:
        touch(db, args.touch, args.seed)
    row = db.execute("SELECT COUNT(*), (SELECT COUNT(*) FROM package_versions) FROM packages").fetchone()
    print(f"packages={row[0]} versions={row[1]}")


if __name__ == "__main__":
    main()
