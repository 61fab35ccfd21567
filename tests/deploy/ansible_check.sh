#!/usr/bin/env bash
# deploy/ansible: both playbooks pass `ansible-playbook --syntax-check` and
# `ansible-lint` (production profile), every file starts with a one-line
# comment, and secrets appear only as vault_* names.
#
#   tests/deploy/ansible_check.sh SOURCE_DIR
set -euo pipefail
SRC=$(cd "${1:?usage: ansible_check.sh SOURCE_DIR}" && pwd)
for tool in ansible-playbook ansible-lint; do
  if ! command -v $tool > /dev/null; then
    echo "SKIP: $tool not installed (apt install ansible ansible-lint)"
    exit 77
  fi
done
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# Caches and temporary files of Ansible stay in this run's folder.
export HOME=$WORK ANSIBLE_LOCAL_TEMP=$WORK/tmp ANSIBLE_NOCOLOR=1 NO_COLOR=1
cd "$SRC/deploy/ansible"

# Every file of the kit says in its first line what it is.
for f in $(find "$SRC/deploy" -type f | sort) "$SRC/.github/workflows/deploy.yml"; do
  case $(head -1 "$f") in
    '# '*) ;;
    *) echo "FAIL: $f does not start with a one-line '# ' comment"; exit 1 ;;
  esac
done
# The deploy workflow: valid YAML, every secret it needs materialised.
python3 - "$SRC/.github/workflows/deploy.yml" <<'PY' || { echo "FAIL: .github/workflows/deploy.yml"; exit 1; }
import sys, yaml
text = open(sys.argv[1]).read()
flow = yaml.safe_load(text)
assert flow["jobs"]["deploy"]["environment"] == "production"
for secret in ("ANSIBLE_VAULT_PASSWORD", "PROD_INVENTORY_YML_B64", "PROD_VAULT_YML_B64",
               "PROD_SSH_PRIVATE_KEY"):
    assert "secrets.%s" % secret in text, secret
assert "rm -f .vault_pass inventory.yml group_vars/all/vault.yml" in text
PY
for playbook in provision.yml deploy.yml; do
  ansible-playbook -i inventory.example.yml --syntax-check "$playbook" > "$WORK/syntax.log" 2>&1 ||
    { cat "$WORK/syntax.log"; echo "FAIL: syntax-check $playbook"; exit 1; }
done
ansible-lint --offline --profile production provision.yml deploy.yml group_vars inventory.example.yml \
  > "$WORK/lint.log" 2>&1 || { cat "$WORK/lint.log"; echo "FAIL: ansible-lint"; exit 1; }

# Secrets: main.yml takes each from a vault_* variable; nothing else names one.
for key in telemetry_secret r2_secret_access_key r2_access_key_id discord_webhook_url; do
  grep -q "^$key: \"{{ vault_$key | default('') }}\"" group_vars/all/main.yml ||
    { echo "FAIL: $key does not come from the vault"; exit 1; }
done
if grep -rn "vault_" --include='*.yml' --include='*.j2' . | grep -v '^./group_vars/all/main.yml' |
  grep -v '^./group_vars/all/vault.example.yml'; then
  echo "FAIL: vault variables used outside group_vars/all/main.yml"
  exit 1
fi
for ignored in inventory.yml .vault_pass group_vars/all/vault.yml; do
  grep -qx "$ignored" .gitignore || { echo "FAIL: $ignored not gitignored"; exit 1; }
done
echo "ansible: syntax-check and ansible-lint passed"
