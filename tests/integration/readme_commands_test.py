#!/usr/bin/env python3
"""The README's Commands section agrees with the binary.

Every command of the README's command table exists (`<command> --help`
exits 0) and knows every flag the table shows for it; every command the
binary lists is in the table; and every example line of the section's code
blocks runs (against a fresh, migrated database).

    readme_commands_test.py path/to/wppackages REPOSITORY_ROOT
"""
import os
import re
import subprocess
import sys
import tempfile

BIN, README = os.path.abspath(sys.argv[1]), os.path.join(sys.argv[2], "README.md")
failures = []


def run(args, **kw):
    return subprocess.run([BIN] + args, capture_output=True, text=True, **kw)


def section(text, title):
    match = re.search(r"^## " + title + r"\n(.*?)(?=^## )", text, re.S | re.M)
    if not match:
        sys.exit(f"FAIL: no '## {title}' section in {README}")
    return match.group(1)


commands = section(open(README, encoding="utf-8").read(), "Commands")

# The table: each row's first cell holds one or more `command [flags]`.
documented = {}  # "db backup" -> flags shown
for row in re.findall(r"^\| (.*?) \| .*\|$", commands, re.M):
    for cell in re.findall(r"`([^`]+)`", row):
        cell = cell.replace("\\|", "|")
        words = []
        for word in cell.split():
            if word.startswith(("-", "[", "<")) or not re.match(r"^[a-z][a-z0-9|-]*$", word):
                break
            words.append(word)
        if not words:
            continue
        flags = set(re.findall(r"(--[a-z][a-z0-9-]*)", cell))
        # `admin create|promote|reset-password`: one command per alternative.
        for last in words[-1].split("|"):
            documented[" ".join(words[:-1] + [last])] = flags

for command, flags in sorted(documented.items()):
    result = run(command.split() + ["--help"])
    if result.returncode != 0:
        failures.append(f"`{command} --help` exited {result.returncode}: {result.stderr.strip()}")
        continue
    for flag in sorted(flags):
        if flag not in result.stdout:
            failures.append(f"`{command} --help` does not know {flag}, which the README shows")

# The other way round: every command the binary lists is documented.
top = run(["--help"]).stdout
listed = re.findall(r"^  ([a-z][a-z0-9-]*)\s", top.split("Subcommands:")[-1], re.M)
for name in listed:
    if not any(c == name or c.startswith(name + " ") for c in documented):
        failures.append(f"`{name}` is listed by --help but not in the README's command table")

# Example lines: run each in a scratch folder on a migrated database.
with tempfile.TemporaryDirectory() as tmp:
    env = dict(os.environ, DB_PATH=os.path.join(tmp, "wpp.db"),
               REPOSITORY_DIR=os.path.join(tmp, "repo"), WPP_PROGRESS="0")
    subprocess.run([BIN, "migrate"], env=env, capture_output=True, check=True)
    for block in re.findall(r"```sh\n(.*?)```", commands, re.S):
        for line in block.strip().splitlines():
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            shell_line = line.replace("build/wppackages", BIN)
            result = subprocess.run(["bash", "-c", shell_line], env=env, cwd=tmp,
                                    capture_output=True, text=True)
            if result.returncode != 0:
                failures.append(f"example `{line}` exited {result.returncode}: "
                                f"{result.stderr.strip()[-300:]}")

for failure in failures:
    print("FAIL:", failure, file=sys.stderr)
print(f"readme commands: {len(documented)} commands checked, {len(failures)} problems")
sys.exit(1 if failures else 0)
