#!/usr/bin/env bash
# Run the token and organization scenarios at -vvvv with --diff and an Ansible log file,
# then fail if anything shaped like a Ubidots token or key (the account token and every
# organizational token key alike) appears in the output or the log.
set -euo pipefail

workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT
output="$workdir/output.txt"
export ANSIBLE_LOG_PATH="$workdir/ansible.log"
export ANSIBLE_ROLES_PATH=..

# ansible-test hands role targets integration_config.yml as variables, scripts not: pass it on.
if ! ansible-playbook -i "$INVENTORY_PATH" -e @../../integration_config.yml leak_scan.yml -vvvv --diff "$@" >"$output" 2>&1; then
    echo "the scenarios failed; last lines (secrets masked):"
    tail -n 60 "$output" | sed -E 's/BBFF-[A-Za-z0-9]{30}/BBFF-<masked>/g'
    exit 1
fi

secret='BBFF-[A-Za-z0-9]{30}'
leaks=$(cat "$output" "$ANSIBLE_LOG_PATH" | grep -cE "$secret" || true)
lines=$(wc -l <"$output")
echo "scanned $lines lines of -vvvv output and the Ansible log: $leaks lines with a token or key"
if [ "$leaks" -ne 0 ]; then
    grep -nE "$secret" "$output" "$ANSIBLE_LOG_PATH" | sed -E 's/BBFF-[A-Za-z0-9]{30}/BBFF-<LEAKED>/g' | head -n 40
    exit 1
fi
# The scan must have seen the scenarios, not an empty run.
grep -q 'ubidots_org_token : The successor was created before the old token was deleted' "$output"
grep -q 'ubidots_organization : Deleted with one DELETE' "$output"
