#!/usr/bin/env bash
# `make demo`: the collection's tour against a local emulator, in five steps:
#   1. playbooks/bootstrap.yml with playbooks/examples/tenants.yml: everything is created,
#      the people of the tenants too (new users' passwords generated into files, never printed)
#   2. the same again: changed=0
#   3. someone edits tenant globex by hand, through the API: a field, a token, a membership
#   4. playbooks/drift_report.yml: finds exactly those changes, writes the report, fails
#      (which is what a nightly job alerts on; here it is the expected outcome)
#   5. the emulator stops; keys and report are deleted with the temporary directory
# Usage: demo.sh COLLECTIONS_ROOT   (with the test venv's bin first on PATH)
set -euo pipefail

collections_root=$1
repo=$(cd "$(dirname "$0")/../.." && pwd)
workdir=$(mktemp -d)
log="$workdir/emulator.log"
tenants="$repo/playbooks/examples/tenants.yml"

stop_emulator() {
    if [[ -n "${emulator_pid:-}" ]]; then
        kill "$emulator_pid" 2>/dev/null || true
        wait "$emulator_pid" 2>/dev/null || true
        echo "== emulator stopped; keys and report deleted"
    fi
    rm -rf "$workdir"
}
trap stop_emulator EXIT

step() { printf '\n==== %s\n\n' "$*"; }

token="BBFF-$(python -c 'import secrets, string; a = string.ascii_letters + string.digits; print("".join(secrets.choice(a) for _ in range(30)))')"
PYTHONPATH="$repo/tests/emulator" python -m ubidots_emulator --host 127.0.0.1 --port 0 --token "$token" >"$log" 2>&1 &
emulator_pid=$!
for _ in $(seq 1 100); do
    grep -q 'listening on' "$log" && break
    sleep 0.1
done
api_url=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$log" | head -n 1)
[[ -n "$api_url" ]] || { cat "$log"; exit 1; }
echo "== emulator listening on $api_url (an empty account)"

export UBIDOTS_API_URL="$api_url" UBIDOTS_TOKEN="$token"
export ANSIBLE_COLLECTIONS_PATH="$collections_root" ANSIBLE_NOCOLOR=1 ANSIBLE_LOCALHOST_WARNING=false \
    ANSIBLE_INVENTORY_UNPARSED_WARNING=false ANSIBLE_DISPLAY_SKIPPED_HOSTS=false
cd "$repo"
vars=(-e "ubidots_tenants_file=$tenants")

# recap OUTPUT: the PLAY RECAP line of localhost
recap() { grep -E '^localhost +: ok=' "$1" | tail -n 1; }

step "1. bootstrap: 2 API roles, a user role and 2 users, then 3 tenants (organization, tokens, members), from playbooks/examples/tenants.yml"
ansible-playbook playbooks/bootstrap.yml "${vars[@]}" -e "ubidots_key_dir=$workdir/keys" | tee "$workdir/run1.txt"
echo "== key files (mode and size; their content is never printed):"
for file in "$workdir"/keys/*.yml; do
    echo "   $(stat -c '%A %s bytes' "$file") $(basename "$file"): $(grep -c 'BBFF-' "$file") keys"
done
echo "== generated passwords of the new users (mode and size only):"
for file in "$workdir"/keys/users/*.password; do
    echo "   $(stat -c '%A %s bytes' "$file") users/$(basename "$file")"
done

step "2. bootstrap again: nothing to change"
ansible-playbook playbooks/bootstrap.yml "${vars[@]}" -e "ubidots_key_dir=$workdir/keys" >"$workdir/run2.txt"
sed -n '/Summarize per tenant/,$p' "$workdir/run2.txt"
if ! recap "$workdir/run2.txt" | grep -q ' changed=0 '; then
    echo "DEMO FAILED: the second run changed something"; exit 1
fi

step "3. someone edits tenant globex by hand: a new description, a lower rate limit for its gateway token, alice made a viewer"
python - "$api_url" <<'PY'
import json, os, sys, urllib.request

base, headers = sys.argv[1] + '/api/v2.0', {'X-Auth-Token': os.environ['UBIDOTS_TOKEN'], 'Content-Type': 'application/json'}


def call(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    with urllib.request.urlopen(urllib.request.Request(base + path, data=data, method=method, headers=headers)) as answer:
        return json.load(answer)


call('PATCH', '/organizations/~globex/', {'description': 'edited by hand'})
gateway = call('GET', '/organizations/~globex/tokens/?name=gateway')['results'][0]
call('PATCH', '/organizations/~globex/tokens/%s/' % gateway['id'], {'rateLimit': 10})
print('PATCH organization globex: description "edited by hand"')
print('PATCH token globex:gateway: rateLimit 10 (the tenants file says 60 per 60 s)')
call('POST', '/users/~alice/_/assign_organizations/', [{'label': 'globex', 'role': 'viewer'}])
print('POST user alice: role viewer in globex (the tenants file says support)')
PY

step "4. drift report: check mode, nothing is written; exit status 2 because the account drifted"
status=0
ansible-playbook playbooks/drift_report.yml "${vars[@]}" -e "ubidots_drift_report_dir=$workdir/report" >"$workdir/drift.txt" 2>&1 || status=$?
sed -n '/Ensure the organization of each tenant/,/Record what changed/p' "$workdir/drift.txt" | sed '$d'
grep -E '^fatal|Drift:' "$workdir/drift.txt" | head -n 1 | sed 's/^.*Drift:/Drift:/'
echo "== $workdir/report/drift.md:"
cat "$workdir/report/drift.md"
expected='globex organization globex description "edited by hand" "Smart irrigation"
globex token globex:gateway rate_limit 10 60
globex user alice globex "viewer" "support"'
found=$(python -c 'import json, sys
for r in json.load(open(sys.argv[1]))["rows"]:
    print(r["tenant"], r["object"], r["field"], json.dumps(r["current"]), json.dumps(r["desired"]))' "$workdir/report/drift.json")
if [[ "$status" -ne 2 || "$found" != "$expected" ]]; then
    echo "DEMO FAILED: expected exit status 2 and exactly the three edits; got status $status and:"
    echo "$found"
    tail -n 30 "$workdir/drift.txt"
    exit 1
fi
echo "== the drift report found exactly the three edits and failed, as a nightly job would (status 2): demo passed"
