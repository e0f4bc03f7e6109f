#!/usr/bin/env bash
# The three playbooks as a user runs them (ansible-playbook ubidots.cloud.<name>), against a
# fresh emulator account, with the example tenants and then with ten tenants, one per
# inventory host, five forks:
#   drift_report on an empty account: fails (exit 2), every object reported missing, 0 writes
#   bootstrap: everything created, keys in files of mode 0600; again: changed=0, 0 writes
#   drift_report: passes; lists a token made by hand as not declared and passes (fails only with
#   ubidots_drift_fail_on_undeclared=true); after an edit through the API: fails with exactly that edit
#   teardown: refused without confirmation (0 requests); confirmed: all gone
#   estate of 10 tenants, -f 5: bootstrap, again changed=0, drift_report passes, teardown
set -euo pipefail

# shellcheck source=../setup_ubidots_emulator/files/script_target.sh
source ../setup_ubidots_emulator/files/script_target.sh
workdir=$(work_folder)
[[ -n "${OUTPUT_DIR:-}" ]] || trap 'rm -rf "$workdir"' EXIT
read -r UBIDOTS_TOKEN EMULATOR_ACCOUNT < <(python emulator.py account)
export UBIDOTS_TOKEN EMULATOR_ACCOUNT

collection=$(python -c 'import os, sys
for root in os.environ["ANSIBLE_COLLECTIONS_PATH"].split(os.pathsep):
    path = os.path.join(root, "ansible_collections", "ubidots", "cloud")
    if os.path.isdir(path):
        print(path)
        break')
tenants="$collection/playbooks/examples/tenants.yml"
verbosity=("$@")

# play NAME EXPECTED_STATUS [ARGS...]: run ubidots.cloud.NAME, keep its output in $out.
play() {
    local name=$1 expected=$2 status=0
    shift 2
    out="$workdir/$name-$RANDOM.txt"
    echo "== [${SECONDS}s] ansible-playbook ubidots.cloud.$name $*"
    ansible-playbook "ubidots.cloud.$name" "${verbosity[@]}" "$@" >"$out" 2>&1 || status=$?
    cat "$out"
    [[ $status -eq $expected ]] || fail "ubidots.cloud.$name exited $status, expected $expected"
}

# check JSON PYTHON_EXPRESSION MESSAGE: the expression over `d` (the parsed JSON) must hold.
check() {
    python -c 'import json, sys; d = json.loads(sys.argv[1]); sys.exit(0 if eval(sys.argv[2]) else 1)' "$1" "$2" \
        || fail "$3 (got $1)"
    echo "ok: $3"
}

recaps_unchanged() {
    local lines
    lines=$(grep -E '^[A-Za-z0-9_.-]+ +: ok=' "$out")
    [[ $(grep -c . <<<"$lines") -eq $1 ]] || fail "expected $1 hosts in the recap"
    if grep -vE ' changed=0 .* failed=0 ' <<<"$lines"; then fail "a host changed something or failed"; fi
    echo "ok: PLAY RECAP changed=0 failed=0 for $1 host(s)"
}

example=(-e "ubidots_tenants_file=$tenants")
report=(-e "ubidots_drift_report_dir=$workdir/report")
python emulator.py requests >/dev/null

# ---- the example tenants, on localhost ----------------------------------------------------
play drift_report 2 "${example[@]}" "${report[@]}"
check "$(python emulator.py requests)" "d['writes'] == 0 and d['requests'] > 0" "check mode on an empty account wrote nothing"
check "$(cat "$workdir/report/drift.json")" \
    "(d['differences'] == 19 and {r['current'] for r in d['rows'] if r['field'] == '(object)'} == {'(missing)'}
      and sorted((r['object'], r['field'], r['desired']) for r in d['rows'] if r['field'] != '(object)') == [
          ('user alice', 'acme', 'viewer'), ('user alice', 'globex', 'support'), ('user bob', 'acme', 'support')]
      and d['tenants'] == ['acme', 'globex', 'initech'])" \
    "2 roles, 3 organizations, 8 tokens, 1 user role and 2 users reported missing, and 3 memberships"
grep -q '^| acme | token acme:gateway | (object) | (missing) | present |$' "$workdir/report/drift.md" || fail "drift.md table"

# Check mode as the modules report it (their results' check_mode), however it is asked for: the play's check_mode
# (drift_report above), --check, and check_mode on the task that imports the role. Nothing written, no key file.
predicted() { grep -qF "(check mode, predicted) $1" "$out" || fail "the summary is not marked as predicted: $1"; echo "ok: predicted: $1"; }
predicted 'acme: 6 created, 0 updated, 0 unchanged'
play bootstrap 0 "${example[@]}" -e "ubidots_key_dir=$workdir/keys" --check
predicted 'acme: 6 created, 0 updated, 0 unchanged'
cat >"$workdir/task_check_mode.yml" <<YML
- name: The role imported by a task in check mode
  hosts: localhost
  connection: local
  gather_facts: false
  vars_files:
    - $tenants
  tasks:
    - name: Bootstrap, check mode on this task only
      ansible.builtin.import_role:
        name: ubidots.cloud.tenant_bootstrap
      vars:
        ubidots_key_dir: $workdir/keys
      check_mode: true
YML
out="$workdir/task_check_mode.txt"
ansible-playbook "$workdir/task_check_mode.yml" "${verbosity[@]}" >"$out" 2>&1 || { cat "$out"; fail "task-level check mode run failed"; }
cat "$out"
predicted 'API roles: 2 created, 0 updated, 0 unchanged'
check "$(python emulator.py requests)" "d['writes'] == 0" "bootstrap with --check and with a task's check_mode wrote nothing"
[[ ! -e "$workdir/keys" ]] || fail "a check-mode run wrote the key directory"

play bootstrap 0 "${example[@]}" -e "ubidots_key_dir=$workdir/keys"
check "$(python emulator.py requests)" "d['writes'] == 19 and d['methods'] == ['POST']" \
    "16 objects created with one POST each, and 3 memberships with one POST each"
check "$(python emulator.py count)" \
    "d['organizations'] == ['acme', 'globex', 'initech'] and d['roles'] == ['device-writer', 'read-only'] and d['tokens'] == {'acme': 3, 'globex': 2, 'initech': 3}" \
    "the account holds the example tenants"
[[ $(stat -c '%a' "$workdir"/keys/*.yml | sort -u) == 600 ]] || fail "key files are not mode 0600"
[[ $(cat "$workdir"/keys/*.yml | grep -cE '^[a-z]+: BBFF-[A-Za-z0-9]{30}$') -eq 8 ]] || fail "8 keys in the key files"
echo "ok: 3 key files, mode 0600, 8 keys"
[[ $(stat -c '%a' "$workdir"/keys/users/*.password | sort -u) == 600 && $(find "$workdir"/keys/users -type f | wc -l) -eq 2 ]] \
    || fail "the generated passwords of alice and bob are in files of mode 0600"
[[ $(stat -c '%a' "$workdir"/keys/users) == 700 ]] || fail "the password folder is mode 0700"
echo "ok: 2 generated passwords, mode 0600, folder 0700"
! grep -qF '(check mode, predicted)' "$out" || fail "a real run's summary is marked as predicted"

play bootstrap 0 "${example[@]}" -e "ubidots_key_dir=$workdir/keys"
recaps_unchanged 1
check "$(python emulator.py requests)" "d['writes'] == 0" "the second run wrote nothing"

play drift_report 0 "${example[@]}" "${report[@]}"
check "$(cat "$workdir/report/drift.json")" "d['differences'] == 0 and d['rows'] == []" "no drift after the bootstrap"
grep -q '^No drift' "$workdir/report/drift.md" || fail "drift.md says there is no drift"

# A token made by hand is listed as not declared; it fails the report only when asked to.
python emulator.py add-token
play drift_report 0 "${example[@]}" "${report[@]}"
check "$(cat "$workdir/report/drift.json")" \
    "[(r['tenant'], r['object'], r['field'], r['current'], r['desired']) for r in d['rows']] == [
        ('acme', 'token acme:old-script', '(object)', 'present', 'not declared')]" \
    "the undeclared token is the one row, and the report passes"
grep -qxF -- '- token acme:old-script: not declared' "$workdir/report/drift.md" || fail "drift.md lists the undeclared token"
play drift_report 2 "${example[@]}" "${report[@]}" -e ubidots_drift_fail_on_undeclared=true
grep -q 'Drift: 1 difference(s)' "$out" || fail "ubidots_drift_fail_on_undeclared=true fails on the undeclared token"
python emulator.py delete-token

python emulator.py edit-globex
python emulator.py requests >/dev/null
play drift_report 2 "${example[@]}" "${report[@]}"
check "$(python emulator.py requests)" "d['writes'] == 0" "the drift report wrote nothing"
check "$(cat "$workdir/report/drift.json")" \
    "[(r['tenant'], r['object'], r['field'], r['current'], r['desired']) for r in d['rows']] == [
        ('globex', 'organization globex', 'description', 'edited by hand', 'Smart irrigation'),
        ('globex', 'token globex:gateway', 'rate_limit', 10, 60)]" \
    "exactly the two edits reported"
grep -q '^| globex | organization globex | description | edited by hand | Smart irrigation |$' "$workdir/report/drift.md" \
    || fail "drift.md row of the description"
grep -q 'Drift: 2 difference(s)' "$out" || fail "the failure message counts the differences"

play teardown 2 "${example[@]}"
grep -q 'Not confirmed' "$out" || fail "teardown says why it refused"
check "$(python emulator.py requests)" "d['requests'] == 0" "teardown without confirmation sent no request"

play teardown 0 "${example[@]}" -e ubidots_teardown_confirm=true --check
predicted 'acme: organization deleted, 3 listed tokens deleted (gateway, dashboards, reports)'
check "$(python emulator.py requests)" "d['writes'] == 0" "teardown with --check wrote nothing"

play teardown 0 "${example[@]}" -e ubidots_teardown_confirm=true -e ubidots_teardown_unused_roles=true
check "$(python emulator.py requests)" "d['successful_writes'] == 13 and d['methods'] == ['DELETE']" \
    "8 tokens, 3 organizations and 2 roles deleted"
check "$(python emulator.py count)" "d == {'organizations': [], 'roles': [], 'tokens': {}}" "the account is empty again"

# ---- ten tenants, one per inventory host, five forks -----------------------------------------
python - "$workdir/estate.yml" <<'PY'
import sys
import yaml
hosts = dict(('t%02d' % n, {'ubidots_tenants': [{
    'label': 't%02d' % n,
    'tokens': [{'name': 'gateway', 'role': 'device-writer' if n % 2 else 'read-only', 'rate_limit': 30,
                'rate_limit_window': 60}]}]}) for n in range(1, 11))
group_vars = {
    'ansible_connection': 'local',
    'ansible_python_interpreter': '{{ ansible_playbook_python }}',
    'ubidots_api_roles': [{'name': 'Read only', 'permissions': {'values': ['read']}},
                          {'name': 'Device writer', 'label': 'device-writer', 'permissions': {'values': ['create']}}],
}
with open(sys.argv[1], 'w') as handle:
    yaml.safe_dump({'tenants': {'hosts': hosts, 'vars': group_vars}}, handle)
PY
estate=(-i "$workdir/estate.yml" -e ubidots_hosts=tenants -f 5)

play bootstrap 0 "${estate[@]}"
check "$(python emulator.py requests)" "d['writes'] == 22 and d['methods'] == ['POST']" \
    "2 roles (once, not once per host), 10 organizations and 10 tokens created"
check "$(python emulator.py count)" \
    "d['organizations'] == ['t%02d' % n for n in range(1, 11)] and set(d['tokens'].values()) == {1}" \
    "ten tenants with a token each"

play bootstrap 0 "${estate[@]}"
recaps_unchanged 10
check "$(python emulator.py requests)" "d['writes'] == 0" "the second estate run wrote nothing"

play drift_report 0 "${estate[@]}" "${report[@]}"
check "$(cat "$workdir/report/drift.json")" "d['differences'] == 0 and len(d['tenants']) == 10" "no drift over the ten tenants"

play teardown 0 "${estate[@]}" -e ubidots_teardown_confirm=true -e ubidots_teardown_unused_roles=true
check "$(python emulator.py count)" "d == {'organizations': [], 'roles': [], 'tokens': {}}" "the estate is gone"
