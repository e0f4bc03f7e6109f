#!/usr/bin/env bash
# The inventory plugin ubidots.cloud.organizations as a user runs it, against a fresh emulator account:
#   ansible-inventory --list --export: hosts, hostvars, default groups, keyed_groups, groups, compose,
#     filters; one request; no token anywhere in the output
#   a bad filter: the source fails before any request
#   the cache: a second run sends no request, --flush-cache reads again, the cache file holds no token
#   10,000 organizations: ceil(10,000 / page_size) requests (10 at 1000, 34 at 300)
#   the example inventory with bootstrap and drift_report per host, -f 5
set -euo pipefail

api_url=$(sed -n 's/^ubidots_api_url: //p' ../../integration_config.yml)
export UBIDOTS_API_URL="$api_url"
read -r UBIDOTS_TOKEN EMULATOR_ACCOUNT < <(python emulator.py account)
export UBIDOTS_TOKEN EMULATOR_ACCOUNT ANSIBLE_LOCALHOST_WARNING=false
unset ANSIBLE_INVENTORY_UNPARSED_FAILED

collection=$(python -c 'import os, sys
for root in os.environ["ANSIBLE_COLLECTIONS_PATH"].split(os.pathsep):
    path = os.path.join(root, "ansible_collections", "ubidots", "cloud")
    if os.path.isdir(path):
        print(path)
        break')
workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT
verbosity=("$@")

fail() { echo "FAILED: $*"; exit 1; }

# check JSON PYTHON_EXPRESSION MESSAGE: the expression over `d` (the parsed JSON) must hold.
check() {
    python -c 'import json, sys; d = json.loads(sys.argv[1]); sys.exit(0 if eval("(%s)" % sys.argv[2]) else 1)' "$1" "$2" \
        || fail "$3 (got $1)"
    echo "ok: $3"
}

# inventory CONFIG [ARGS...]: ansible-inventory --list --export on CONFIG into $out (--output); what it
# prints (warnings, -vvvv) in $err.
inventory() {
    local config=$1
    shift
    out="$workdir/inventory-$RANDOM.json"
    err="$out.err"
    echo "== [${SECONDS}s] ansible-inventory -i $(basename "$config") --list --export $*"
    ANSIBLE_INVENTORY_UNPARSED_FAILED=true ansible-inventory -i "$config" --list --export --output "$out" "$@" >"$err" 2>&1 \
        || { cat "$err"; fail "ansible-inventory failed"; }
    grep -E 'WARNING|ERROR' "$err" || true
}

no_token_in() {
    if grep -lF "$UBIDOTS_TOKEN" "$@"; then fail "the account token is in $*"; fi
    if grep -lE 'BBFF-[A-Za-z0-9]{30}' "$@"; then fail "something shaped like a token is in $*"; fi
    echo "ok: no token in $(basename "$1")"
}

# ---- three organizations, every option --------------------------------------------------------
python emulator.py org acme '{"app": "~my_application", "properties": {"tier": "gold", "api_key": "BBFF-abcdefghijklmnopqrstuvwxyz0123"}}'
python emulator.py org globex '{"isActive": false, "properties": {"tier": "silver"}, "description": "Irrigation"}'
python emulator.py org initech '{"name": "Initech LLC"}'
python emulator.py requests >/dev/null

cat >"$workdir/all.ubidots.yml" <<'YAML'
plugin: ubidots.cloud.organizations
keyed_groups:
  - key: ubidots_organization.properties.tier | default('none')
    prefix: tier
groups:
  named: ubidots_organization.name != ubidots_organization.label
compose:
  tenant_name: ubidots_organization.name | upper
YAML
inventory "$workdir/all.ubidots.yml" "${verbosity[@]}"
python inventory.py "$out" "groups['ubidots_organizations'] == ['acme', 'globex', 'initech']" "one host per organization"
python inventory.py "$out" "groups['ubidots_active'] == ['acme', 'initech'] and groups['ubidots_inactive'] == ['globex']" \
    "ubidots_active and ubidots_inactive"
python inventory.py "$out" "groups['ubidots_app_my_application'] == ['acme']" "one group per app"
python inventory.py "$out" "groups['tier_gold'] == ['acme'] and groups['tier_silver'] == ['globex'] and groups['tier_none'] == ['initech']" \
    "keyed_groups"
python inventory.py "$out" "groups['named'] == ['initech'] and hostvars['initech']['tenant_name'] == 'INITECH LLC'" "groups and compose"
python inventory.py "$out" "all(v['ansible_connection'] == 'local' for v in hostvars.values())" "ansible_connection: local"
python inventory.py "$out" "sorted(hostvars['globex']['ubidots_organization']) == sorted(['id', 'url', 'label', 'name',
    'description', 'properties', 'is_active', 'app', 'favicon', 'logo', 'created_at', 'devices_count', 'users_count'])
    and hostvars['globex']['ubidots_organization']['description'] == 'Irrigation'
    and hostvars['globex']['ubidots_organization']['is_active'] is False
    and hostvars['acme']['ubidots_organization']['app']['label'] == 'my_application'
    and len(hostvars['acme']['ubidots_organization']['id']) == 24" "ubidots_organization holds the fields in snake_case"
python inventory.py "$out" "hostvars['acme']['ubidots_organization']['properties'] == {'tier': 'gold', 'api_key': 'BBFF-<hidden>'}" \
    "a key-shaped property is hidden"
no_token_in "$out" "$err"
check "$(python emulator.py requests)" "d['requests'] == 1 and d['calls'] == ['GET /api/v2.0/organizations/'] and d['page_sizes'] == ['1000']" \
    "one request for three organizations"

cat >"$workdir/filtered.ubidots.yml" <<'YAML'
plugin: ubidots.cloud.organizations
hostname: id
filters:
  label__in: [acme, globex, initech]
  isActive: true
  name__icontains: LLC
YAML
inventory "$workdir/filtered.ubidots.yml"
python inventory.py "$out" "[hostvars[h]['ubidots_organization']['label'] for h in groups['ubidots_organizations']] == ['initech']
    and groups['ubidots_organizations'][0] == hostvars[groups['ubidots_organizations'][0]]['ubidots_organization']['id']" \
    "filters applied by the API, hosts named by id"
check "$(python emulator.py requests)" "d['requests'] == 1" "one request with filters"

cat >"$workdir/bad.ubidots.yml" <<'YAML'
plugin: ubidots.cloud.organizations
filters:
  is_active: true
YAML
status=0
ANSIBLE_INVENTORY_UNPARSED_FAILED=true ansible-inventory -i "$workdir/bad.ubidots.yml" --list >"$workdir/bad.out" 2>&1 || status=$?
[[ $status -ne 0 ]] || fail "a bad filter did not fail the source"
# (ansible-core 2.16 wraps its warnings: the lines are joined first.)
tr -s ' \n' '  ' <"$workdir/bad.out" | grep -q 'filters.is_active is not a filter of the organizations list (the API spells it isActive)' \
    || { cat "$workdir/bad.out"; fail "the error names the filter"; }
no_token_in "$workdir/bad.out"
check "$(python emulator.py requests)" "d['requests'] == 0" "a bad filter sends no request"

# ---- the cache ----------------------------------------------------------------------------------
cat >"$workdir/cached.ubidots.yml" <<YAML
plugin: ubidots.cloud.organizations
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: $workdir/cache
cache_timeout: 600
YAML
inventory "$workdir/cached.ubidots.yml"
check "$(python emulator.py requests)" "d['requests'] == 1" "first cached run reads the API"
inventory "$workdir/cached.ubidots.yml"
python inventory.py "$out" "groups['ubidots_organizations'] == ['acme', 'globex', 'initech'] and groups['ubidots_inactive'] == ['globex']" \
    "the cached run has the same hosts and groups"
check "$(python emulator.py requests)" "d['requests'] == 0" "second run from the cache, no request"
[[ $(find "$workdir/cache" -type f | wc -l) -eq 1 ]] || fail "one cache file"
no_token_in "$workdir"/cache/*
python emulator.py org hooli '{}'
python emulator.py requests >/dev/null
# ansible-inventory has --flush-cache from ansible-core 2.17 on; with 2.16, removing the cache file does the same.
if ansible-inventory --help | grep -q -- '--flush-cache'; then
    refresh=(--flush-cache)
else
    refresh=()
    rm -f "$workdir"/cache/*
fi
inventory "$workdir/cached.ubidots.yml" "${refresh[@]}"
python inventory.py "$out" "'hooli' in groups['ubidots_organizations']" "a refresh (${refresh[*]:-cache file removed}) reads the API again"
check "$(python emulator.py requests)" "d['requests'] == 1" "a refresh costs one request"

# ---- 10,000 organizations -------------------------------------------------------------------------
python emulator.py seed 9996 bulk-
python emulator.py requests >/dev/null
for page_size in 1000 300; do
    expected=$(( (10000 + page_size - 1) / page_size ))
    printf 'plugin: ubidots.cloud.organizations\npage_size: %s\n' "$page_size" >"$workdir/big.ubidots.yml"
    inventory "$workdir/big.ubidots.yml"
    python inventory.py "$out" "len(groups['ubidots_organizations']) == 10000 and len(groups['ubidots_active']) == 9999
        and len(hostvars) == 10000 and 'bulk-9996' in hostvars and 'acme' in hostvars" "10,000 hosts at page_size $page_size"
    check "$(python emulator.py requests)" \
        "d['requests'] == $expected and d['pages'] == list(range(1, $expected + 1)) and d['page_sizes'] == ['$page_size'] and d['statuses'] == [200]" \
        "10,000 organizations at page_size $page_size cost $expected requests"
done

# ---- the example inventory: one tenant per host, bootstrap and drift report ------------------------
cp -r "$collection/playbooks/examples/inventory" "$workdir/example"
cat >>"$workdir/example/organizations.ubidots.yml" <<'YAML'
filters:
  label__in: [globex, initech, hooli]
YAML
example=(-i "$workdir/example/organizations.ubidots.yml" -e ubidots_hosts=ubidots_organizations -f 5)

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
report=(-e "ubidots_drift_report_dir=$workdir/report")

play drift_report 2 "${example[@]}" "${report[@]}"
check "$(cat "$workdir/report/drift.json")" \
    "d['differences'] == 4 and d['tenants'] == ['globex', 'hooli', 'initech']" \
    "drift: the role and three monitoring tokens missing"
check "$(python emulator.py requests)" "d['writes'] == 0" "the drift report wrote nothing"

play bootstrap 0 "${example[@]}"
check "$(python emulator.py requests)" "d['writes'] == 4" "one role and three tokens created"

play drift_report 0 "${example[@]}" "${report[@]}"
check "$(cat "$workdir/report/drift.json")" "d['differences'] == 0 and len(d['tenants']) == 3" "no drift over the three hosts"
check "$(python emulator.py requests)" "d['writes'] == 0" "the second drift report wrote nothing"
