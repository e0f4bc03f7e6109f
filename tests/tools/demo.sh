#!/usr/bin/env bash
# `make demo`: start the emulator, run playbooks/demo.yml twice (the second run changes
# nothing), show the check-mode diff of a change made behind the playbook's back, stop.
# Usage: demo.sh COLLECTIONS_ROOT   (with the test venv's bin first on PATH)
set -euo pipefail

collections_root=$1
repo=$(cd "$(dirname "$0")/../.." && pwd)
workdir=$(mktemp -d)
log="$workdir/emulator.log"

stop_emulator() {
    if [[ -n "${emulator_pid:-}" ]]; then
        kill "$emulator_pid" 2>/dev/null || true
        wait "$emulator_pid" 2>/dev/null || true
        echo "== emulator stopped"
    fi
    rm -rf "$workdir"
}
trap stop_emulator EXIT

token="BBFF-$(python -c 'import secrets, string; a = string.ascii_letters + string.digits; print("".join(secrets.choice(a) for _ in range(30)))')"
PYTHONPATH="$repo/tests/emulator" python -m ubidots_emulator --host 127.0.0.1 --port 0 --token "$token" >"$log" 2>&1 &
emulator_pid=$!
for _ in $(seq 1 100); do
    grep -q 'listening on' "$log" && break
    sleep 0.1
done
api_url=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$log" | head -n 1)
[[ -n "$api_url" ]] || { cat "$log"; exit 1; }
echo "== emulator listening on $api_url"

export UBIDOTS_API_URL="$api_url" UBIDOTS_TOKEN="$token" DEMO_KEY_DIR="$workdir"
export ANSIBLE_COLLECTIONS_PATH="$collections_root" ANSIBLE_NOCOLOR=1 ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false
cd "$repo"

echo "== first run: everything is created"
ansible-playbook playbooks/demo.yml
echo "== key file: $(stat -c '%A' "$workdir/acme-dashboards.key") (its content is never printed)"

echo "== second run: nothing to change"
ansible-playbook playbooks/demo.yml

echo "== someone edits the description of the organization by hand, through the API"
python - "$api_url" <<'PY'
import json, os, sys, urllib.request
request = urllib.request.Request(sys.argv[1] + '/api/v2.0/organizations/~acme/', method='PATCH',
                                 data=json.dumps({'description': 'edited by hand'}).encode(),
                                 headers={'X-Auth-Token': os.environ['UBIDOTS_TOKEN'], 'Content-Type': 'application/json'})
urllib.request.urlopen(request).read()
PY

echo "== check mode with --diff shows the drift and writes nothing"
ansible-playbook playbooks/demo.yml --check --diff
