#!/usr/bin/env python3
"""Checks that the library graph in CMake is the one docs/architecture.md draws.

It reads every `wpp_library(NAME … DEPS …)` under src/ and tools/, and the
"Library graph" table of docs/architecture.md (`| layer | library | depends on |`),
then fails when:
  - a library exists in one and not the other;
  - a library's wpp:: dependencies differ from the table's;
  - a library depends on one of the same or a higher layer;
  - fake-wporg (tools/) reaches SQLite or the build system, directly or not.
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()


def cmake_graph():
    graph = {}
    for path in sorted(list((ROOT / "src").rglob("CMakeLists.txt")) +
                       list((ROOT / "tools").rglob("CMakeLists.txt"))):
        text = re.sub(r"#[^\n]*", "", path.read_text())
        for m in re.finditer(r"wpp_library\((.*?)\)", text, re.S):
            body = m.group(1).split()
            name = body[body.index("NAME") + 1]
            deps = set()
            if "DEPS" in body:
                for tok in body[body.index("DEPS") + 1:]:
                    if tok.startswith("wpp::"):
                        deps.add(tok[len("wpp::"):])
            graph[name] = {"deps": deps, "raw": body, "file": path}
    return graph


def doc_graph():
    doc = (ROOT / "docs/architecture.md").read_text()
    section = doc.split("## Library graph", 1)
    if len(section) < 2:
        sys.exit("the architecture document has no '## Library graph' section")
    graph = {}
    for line in section[1].splitlines():
        if line.startswith("## "):
            break
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 3 or not cells[0].isdigit():
            continue
        name = cells[1].strip("`")
        deps = {d.strip().strip("`") for d in cells[2].split(",") if d.strip() not in ("", "—", "-")}
        graph[name] = {"layer": int(cells[0]), "deps": deps}
    return graph


def main():
    code, doc = cmake_graph(), doc_graph()
    errors = []
    for name in sorted(set(code) | set(doc)):
        if name not in doc:
            errors.append(f"library {name} ({code[name]['file']}) is missing from the doc's table")
            continue
        if name not in code:
            errors.append(f"the doc lists {name}, which CMake does not define")
            continue
        if code[name]["deps"] != doc[name]["deps"]:
            errors.append(f"{name}: CMake depends on {sorted(code[name]['deps'])}, "
                          f"the doc says {sorted(doc[name]['deps'])}")
        for dep in code[name]["deps"]:
            if dep in doc and doc[dep]["layer"] >= doc[name]["layer"]:
                errors.append(f"{name} (layer {doc[name]['layer']}) depends on {dep} "
                              f"(layer {doc[dep]['layer']})")
    # What fake-wporg links, transitively.
    seen, todo = set(), ["fake_wporg"]
    while todo:
        lib = todo.pop()
        if lib in seen or lib not in code:
            continue
        seen.add(lib)
        todo.extend(code[lib]["deps"])
        raw = " ".join(code[lib]["raw"])
        if "SQLite" in raw:
            errors.append(f"fake-wporg links SQLite through {lib}")
    for banned in ("db", "repository", "composer", "packages"):
        if banned in seen:
            errors.append(f"fake-wporg links wpp::{banned}")
    for e in errors:
        print("FAIL:", e)
    if errors:
        return 1
    print(f"ok: {len(code)} libraries, graph matches docs/architecture.md, layers point down")
    return 0


if __name__ == "__main__":
    sys.exit(main())
