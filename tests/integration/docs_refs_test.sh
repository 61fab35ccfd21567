#!/usr/bin/env bash
# Keeps the repository's documentation references true. Fails when a file
# under src/ cmd/ tools/ tests/ migrations/ bench/ scripts/ cmake/ (or
# README.md, docs/*.md) cites:
#   - a Markdown file that is not in the repository (the original system's
#     specs: `pipeline.md`, `web.md`, … ; `decisions.md` without `docs/`);
#   - a section `§N.M` that is not a heading of the docs file named before it
#     on the same line (`docs/behaviour.md §3.4`, `docs/decisions.md §7`);
#     a `§` with no docs file before it on its line fails too (inside
#     docs/*.md a bare `§` means the file itself);
#   - a quoted heading (`docs/architecture.md, "Builds and deploys"`) that
#     the file does not have.
# Before checking the repository it checks itself on a few bad references.
#
#   tests/integration/docs_refs_test.sh [SOURCE_DIR]
set -euo pipefail
ROOT=$(cd "${1:-$(dirname "$0")/../..}" && pwd)

check() {
  python3 - "$1" <<'PY'
import os, re, sys

root = sys.argv[1]
scan_dirs = ["src", "cmd", "tools", "tests", "migrations", "bench", "scripts", "cmake"]
text_ext = {".h", ".cc", ".c", ".cpp", ".sh", ".sql", ".py", ".php", ".lua", ".cmake",
            ".txt", ".md", ".yaml", ".yml", ".js", ".json", ".toml", ".in"}

files = []
for d in scan_dirs:
    for dirpath, dirnames, filenames in os.walk(os.path.join(root, d)):
        dirnames[:] = [n for n in dirnames if n not in ("testdata", "node_modules")]
        for n in filenames:
            if os.path.splitext(n)[1] in text_ext or n == "CMakeLists.txt":
                files.append(os.path.join(dirpath, n))
files.append(os.path.join(root, "README.md"))
docs_dir = os.path.join(root, "docs")
if os.path.isdir(docs_dir):
    files += [os.path.join(docs_dir, n) for n in sorted(os.listdir(docs_dir)) if n.endswith(".md")]

heading_re = re.compile(r"^#{1,6}\s+(?:(\d+(?:\.\d+)*)\.?\s+)?(.*?)\s*$")
headings = {}  # docs file name -> (set of section numbers, set of lowercased titles)

def doc_headings(name):
    if name not in headings:
        numbers, titles = set(), set()
        path = os.path.join(docs_dir, name)
        if os.path.isfile(path):
            in_code = False
            for line in open(path, encoding="utf-8", errors="replace"):
                if line.startswith("```"):
                    in_code = not in_code
                    continue
                m = None if in_code else heading_re.match(line)
                if m:
                    if m.group(1):
                        numbers.add(m.group(1))
                    titles.add(m.group(2).strip("`").lower())
            headings[name] = (numbers, titles)
        else:
            headings[name] = None
    return headings[name]

md_re = re.compile(r"[A-Za-z0-9_./-]*[A-Za-z0-9_-]\.md\b")
sect_re = re.compile(r"§\s*(\d+(?:\.\d+)*)")
title_re = re.compile(r"docs/([A-Za-z0-9_-]+\.md),\s+\"([^\"]+)\"")

errors = []
for path in files:
    rel = os.path.relpath(path, root)
    if rel == "tests/integration/docs_refs_test.sh":  # Its bad examples are on purpose.
        continue
    try:
        lines = open(path, encoding="utf-8").read().split("\n")
    except (UnicodeDecodeError, FileNotFoundError):
        continue
    for no, line in enumerate(lines, 1):
        where = f"{rel}:{no}"
        # Markdown files named on the line, in order, with their positions.
        docs_at = []  # (position, docs file name)
        if os.path.dirname(path) == docs_dir:
            docs_at.append((-1, os.path.basename(path)))  # In docs/, a bare § is local.
        for m in md_re.finditer(line):
            token = m.group(0)
            if token.startswith(("http", "//")) or "://" in line[max(0, m.start() - 8):m.start()]:
                continue
            if token.startswith("/"):  # A site path (/index.md, /packages/…/x.md), not a file.
                continue
            if token.startswith("docs/"):
                name = token[len("docs/"):]
                if doc_headings(name) is None:
                    errors.append(f"{where}: {token} does not exist")
                docs_at.append((m.start(), name))
                continue
            candidates = [os.path.join(root, token), os.path.join(os.path.dirname(path), token)]
            if any(os.path.isfile(c) for c in candidates):
                if os.path.dirname(os.path.normpath(candidates[1])) == docs_dir:
                    docs_at.append((m.start(), os.path.basename(token)))
                continue
            errors.append(f"{where}: {token} is not a file of this repository "
                          f"(cite docs/behaviour.md or docs/decisions.md)")
        for m in sect_re.finditer(line):
            before = [name for pos, name in docs_at if pos < m.start()]
            if not before:
                errors.append(f"{where}: §{m.group(1)} names no docs file before it on its line")
                continue
            found = doc_headings(before[-1])
            if found is not None and m.group(1) not in found[0]:
                errors.append(f"{where}: docs/{before[-1]} has no section §{m.group(1)}")
        for m in title_re.finditer(line):
            found = doc_headings(m.group(1))
            if found is not None and m.group(2).lower() not in found[1]:
                errors.append(f"{where}: docs/{m.group(1)} has no heading \"{m.group(2)}\"")

for e in errors:
    print(e, file=sys.stderr)
sys.exit(1 if errors else 0)
PY
}

# Self-test on a small tree: good references pass, each bad one fails.
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$TMP/docs" "$TMP/src"
printf '# B\n## 1. One\n### 1.2 Two\n## 3. Three\n### 3.4 Four\n' >"$TMP/docs/behaviour.md"
printf '# D\n### 7. Seven\n' >"$TMP/docs/decisions.md"
printf '# A\n## Builds and deploys\n' >"$TMP/docs/architecture.md"
echo "# x" >"$TMP/README.md"
good='// docs/behaviour.md §3.4 and §1.2; docs/decisions.md §7; docs/architecture.md, "Builds and deploys"'
echo "$good" >"$TMP/src/a.cc"
check "$TMP" || { echo "FAIL: self-test: good references rejected" >&2; exit 1; }
i=0
for bad in '// pipeline.md §5.1' '// decisions §4' '// decisions.md §4' '// docs/behaviour.md §99.9' \
           '// docs/nothing.md' '// docs/decisions.md §999' '-- spec/tests.md' \
           '// docs/architecture.md, "No such heading"'; do
  i=$((i + 1))
  echo "$bad" >"$TMP/src/bad_$i.cc"
done
if errors=$(check "$TMP" 2>&1); then
  echo "FAIL: self-test: bad references accepted" >&2
  exit 1
fi
for ((j = 1; j <= i; j++)); do
  grep -q "^src/bad_$j.cc:1: " <<<"$errors" || {
    echo "FAIL: self-test: bad reference accepted: $(cat "$TMP/src/bad_$j.cc")" >&2
    exit 1
  }
done

check "$ROOT" || { echo "FAIL: documentation references above are broken" >&2; exit 1; }
echo "docs references OK"
