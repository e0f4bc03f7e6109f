#!/usr/bin/env bash
# ansible-playbook ubidots.cloud.export as a user runs it, against the emulator:
#   account A made by hand through the API (emulator.py build): the export with users is exactly files/account_a.yml
#     (ansible-lint checks that file in `make lint`), images byte for byte, and the export writes nothing to the API
#   round trip (a): bootstrap --check --diff with A's export (users included) against A: changed=0 and no write
#   round trip (b): A's export bootstrapped into an empty account B, B exported: the same tenants, roles and users;
#     the comments differ only by A's notes on what it has and a tenants file cannot carry (said below)
#   selection by label prefix, by app label, by both (app by id); a selection of none fails and writes no file
#   a token name two tokens share: the oldest exported, the others named in the comment; --check writes no file
set -euo pipefail

# shellcheck source=../setup_ubidots_emulator/files/script_target.sh
source ../setup_ubidots_emulator/files/script_target.sh
workdir=$(work_folder)
[[ -n "${OUTPUT_DIR:-}" ]] || trap 'rm -rf "$workdir"' EXIT
here=$(pwd)
read -r token_a account_a < <(python emulator.py account)
read -r token_b account_b < <(python emulator.py account)
verbosity=("$@")

# on ACCOUNT: the commands that follow talk to account A or B.
on() {
    if [[ $1 == A ]]; then export UBIDOTS_TOKEN=$token_a EMULATOR_ACCOUNT=$account_a; else export UBIDOTS_TOKEN=$token_b EMULATOR_ACCOUNT=$account_b; fi
}

# play NAME EXPECTED_STATUS DIR [ARGS...]: run ubidots.cloud.NAME from DIR, keep its output in $out.
play() {
    local name=$1 expected=$2 dir=$3 status=0
    shift 3
    out="$workdir/$name-$RANDOM.txt"
    echo "== [${SECONDS}s] (account $EMULATOR_ACCOUNT, in ${dir#"$workdir"/}) ansible-playbook ubidots.cloud.$name $*"
    (cd "$dir" && ansible-playbook "ubidots.cloud.$name" "${verbosity[@]}" "$@") >"$out" 2>&1 || status=$?
    cat "$out"
    [[ $status -eq $expected ]] || fail "ubidots.cloud.$name exited $status, expected $expected"
}

# check FILE PYTHON_EXPRESSION MESSAGE: the expression over `d` (FILE's YAML) and `text` (its text) must hold.
# FILE "-": `d` is the JSON summary of the account's requests since the last call (emulator.py requests).
check() {
    local source=$1
    if [[ $source == - ]]; then source=$workdir/requests.json; python "$here/emulator.py" requests >"$source"; fi
    python - "$source" "$2" <<'PY' || fail "$3"
import sys, yaml
text = open(sys.argv[1]).read()
d = yaml.safe_load(text.replace('!unsafe ', ''))  # JSON is YAML too
ok = eval('(' + sys.argv[2] + ')')
if not ok:
    print(text)
sys.exit(0 if ok else 1)
PY
    echo "ok: $3"
}

recap_unchanged() {
    grep -qE '^localhost +: ok=[0-9]+ +changed=0 .* failed=0 ' "$out" || fail "the run changed something or failed"
    echo "ok: PLAY RECAP changed=0 failed=0"
}

mkdir -p "$workdir"/{a_users,b,prefix,app,none,check}

# ---- account A, made by hand --------------------------------------------------------------------
on A
python emulator.py build
python emulator.py requests >/dev/null

play export 0 "$workdir/a_users" -e ubidots_export_file=tenants.yml
check - "d['writes'] == 0" "the export wrote nothing to the API"
diff -u "$here/files/account_a.yml" "$workdir/a_users/tenants.yml" || fail "the export of account A differs from files/account_a.yml"
echo "ok: the export of account A is files/account_a.yml"
python - "$workdir/a_users/images" <<'PY' || fail "images saved byte for byte"
import os, sys
sys.path.insert(0, '.')
from emulator import PNG, SVG
folder = sys.argv[1]
assert sorted(os.listdir(folder)) == ['acme-favicon.png', 'globex-logo.svg'], os.listdir(folder)
assert open(os.path.join(folder, 'acme-favicon.png'), 'rb').read() == PNG
assert open(os.path.join(folder, 'globex-logo.svg'), 'rb').read() == SVG
PY
echo "ok: favicon and logo saved beside the file, byte for byte"
! grep -qE 'BBFF-|[0-9a-f]{24}|[0-9]{4}-[0-9]{2}-[0-9]{2}T' "$workdir/a_users/tenants.yml" || fail "a key, an id or a timestamp in the file"
check "$workdir/a_users/tenants.yml" \
    "[(t['label'], u['username'], u['role']) for t in d['ubidots_tenants'] for u in t.get('users', [])] == [
        ('acme', 'alice', 'support'), ('acme-lab', 'bob', 'dashboards-viewer'), ('globex', 'alice', 'viewer')]
     and [r['label'] for r in d['ubidots_user_roles']] == ['support']
     and not any('password' in u or 'id' in u for t in d['ubidots_tenants'] for u in t.get('users', []))" \
    "users: members with their role in each tenant, only the user roles they use, no password, no id"

play export 0 "$workdir/check" -e ubidots_export_file=out/tenants.yml --check
[[ -z $(ls -A "$workdir/check") ]] || fail "export --check wrote files: $(ls -R "$workdir/check")"
grep -qF '3 tenant(s) would be written to (check mode, nothing written)' "$out" || fail "export --check says what it would write"
echo "ok: export --check writes no file and says what it would write"

# ---- round trip (a): the export, users included, against the account it came from -------------------
python emulator.py requests >/dev/null
play bootstrap 0 "$workdir/a_users" -e ubidots_tenants_file=tenants.yml --check --diff
recap_unchanged
check - "d['writes'] == 0" "bootstrap --check wrote nothing"

# ---- round trip (b): into an empty account, and back -------------------------------------------------
on B
play bootstrap 0 "$workdir/a_users" -e ubidots_tenants_file=tenants.yml -e "ubidots_key_dir=$workdir/keys"
[[ $(find "$workdir/keys/users" -name '*.password' -perm 600 | wc -l) -eq 2 ]] || fail "generated passwords of alice and bob"
play export 0 "$workdir/b" -e ubidots_export_file=tenants.yml
python - "$workdir/a_users/tenants.yml" "$workdir/b/tenants.yml" <<'PY' || fail "the round trip changed the file"
import difflib, sys
a, b = (open(path).read() for path in sys.argv[1:])
body = lambda text: text[text.index('\nubidots_api_roles:'):]
assert body(a) == body(b), ''.join(difflib.unified_diff(a.splitlines(True), b.splitlines(True)))
# What differs, and only that: A's notes on what it has and the file cannot carry, so B never got it (a role no token
# uses, a user role no membership uses, a default organization, a user in no organization). Never an id.
only_a = [line for line in difflib.ndiff(a.splitlines(), b.splitlines()) if line.startswith(('- ', '+ ', '? '))]
assert only_a == ['- # - API roles that no exported token uses: unused.',
                  '- # - user alice: default organization acme (a tenants file has no field for it).',
                  '- # - user carol: a member of no organization, so of no tenant.',
                  '- # - user roles that no exported membership uses: auditor.'], only_a
PY
echo "ok: A exported, bootstrapped into B, B exported: the same tenants, roles and users; only A's notes on what it cannot carry differ"
cmp "$workdir/a_users/images/acme-favicon.png" "$workdir/b/images/acme-favicon.png" || fail "favicon after the round trip"
cmp "$workdir/a_users/images/globex-logo.svg" "$workdir/b/images/globex-logo.svg" || fail "logo after the round trip"
echo "ok: the images came back byte for byte"

# ---- selection, and a token name two tokens share ----------------------------------------------------
on A
python emulator.py duplicate
play export 0 "$workdir/prefix" -e ubidots_export_file=tenants.yml -e ubidots_export_label_prefix=acme -e ubidots_export_users=false
check "$workdir/prefix/tenants.yml" "[t['label'] for t in d['ubidots_tenants']] == ['acme', 'acme-lab']
     and 'Selection: labels starting with acme.' in text
     and [r['label'] for r in d['ubidots_api_roles']] == ['gateway-writer', 'viewer']" "by label prefix: acme and acme-lab"
check "$workdir/prefix/tenants.yml" "[t['rate_limit'] for t in d['ubidots_tenants'][0]['tokens'] if t['name'] == 'gateway'] == [30]
     and '# - tokens acme:gateway: 2 tokens share the name' in text" "two tokens of one name: the oldest, and a note"
check "$workdir/prefix/tenants.yml" "'users:' not in text.split('ubidots_tenants:')[1] and 'ubidots_user_roles' not in d
     and 'ubidots_export_users=false' in text" "without users: no user, no user role, and the comment says so"
play export 0 "$workdir/app" -e ubidots_export_file=tenants.yml -e ubidots_export_app=my_application
check "$workdir/app/tenants.yml" "[t['label'] for t in d['ubidots_tenants']] == ['acme']
     and [u['username'] for u in d['ubidots_tenants'][0]['users']] == ['alice'] and 'user carol' not in text
     and 'Selection: app my_application.' in text" "by app label: acme, its member alice"
play export 2 "$workdir/none" -e ubidots_export_file=tenants.yml -e ubidots_export_app=5dfa39901a9ca53020c6938d \
    -e ubidots_export_label_prefix=acme-
grep -qF 'No organization of the account matches ubidots_export_label_prefix=acme- and ubidots_export_app=5dfa39901a9ca53020c6938d' "$out" \
    || fail "the empty selection names the variables"
[[ ! -e "$workdir/none/tenants.yml" ]] || fail "an empty selection wrote a file"
echo "ok: by prefix and app id, a selection of none (acme-lab has no app) fails naming it, and writes no file"
