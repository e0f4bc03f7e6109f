#!/usr/bin/env bash
# ansible-doc must render every module, plugin and role of the staged collection with no
# error and no warning.
#
# usage: check_docs.sh VENV COLLECTIONS_ROOT
#
# Modules: each file in plugins/modules (but __init__.py) as ubidots.cloud.NAME, so a
# module whose docs are too broken to be listed still fails. Other documented plugin
# types and roles: whatever `ansible-doc -t TYPE --list ubidots.cloud` finds, and each plugin
# file (inventory plugins, ...) and each role folder must be found (a role needs
# meta/argument_specs.yml for that).
set -euo pipefail

if [ "$#" -ne 2 ]; then
    echo "usage: $0 VENV COLLECTIONS_ROOT" >&2
    exit 2
fi
venv=$(cd "$1" && pwd)
collections_root=$(cd "$2" && pwd)
collection_dir="$collections_root/ansible_collections/ubidots/cloud"
export PATH="$venv/bin:$PATH"
export ANSIBLE_COLLECTIONS_PATH="$collections_root"
export ANSIBLE_NOCOLOR=1
export ANSIBLE_FORCE_COLOR=0
cd "$collection_dir"

out=$(mktemp)
trap 'rm -f "$out"' EXIT
failures=0
rendered=0

# render TYPE FQCN: one ansible-doc run; any non-zero exit, error or warning fails it.
render() {
    local type=$1 name=$2 status=0
    ansible-doc -t "$type" "$name" > "$out" 2>&1 || status=$?
    if [ "$status" -ne 0 ] || grep -E '\[(WARNING|ERROR|DEPRECATION WARNING)\]|^ERROR|^WARNING' "$out" > /dev/null; then
        echo "docs: FAIL ansible-doc -t $type $name (exit $status):"
        sed 's/^/    /' "$out"
        failures=$((failures + 1))
    else
        echo "docs: ok   ansible-doc -t $type $name ($(wc -l < "$out") lines)"
    fi
    rendered=$((rendered + 1))
}

# list TYPE: the names ansible-doc lists for this collection, one per line.
list() {
    ansible-doc -t "$1" --list --json ubidots.cloud \
        | python -c 'import json, sys; print("\n".join(sorted(json.load(sys.stdin))))'
}

shopt -s nullglob
for file in plugins/modules/*.py; do
    name=$(basename "$file" .py)
    if [ "$name" != "__init__" ]; then
        render module "ubidots.cloud.$name"
    fi
done

# Plugin folders ansible-doc documents (modules are done above; module_utils, doc_fragments,
# action and plugin_utils carry no docs of their own).
# Every .py file of such a folder is rendered by name too, so a plugin whose documentation is too
# broken to be listed (an inventory plugin, say) still fails; filter and test files define several
# plugins each, so there only the listed names count.
for type in become cache callback cliconf connection filter httpapi inventory lookup netconf shell strategy test vars; do
    if [ -d "plugins/$type" ]; then
        names=$(list "$type")
        if [ "$type" != filter ] && [ "$type" != test ]; then
            for file in plugins/"$type"/*.py; do
                name=ubidots.cloud.$(basename "$file" .py)
                if [ "$name" != ubidots.cloud.__init__ ] && ! grep -qx "$name" <<< "$names"; then
                    echo "docs: FAIL $file is not listed by ansible-doc -t $type --list"
                    failures=$((failures + 1))
                fi
            done
        fi
        for name in $names; do
            render "$type" "$name"
        done
    fi
done

if [ -d roles ]; then
    listed_roles=$(list role)
    for dir in roles/*/; do
        role=$(basename "$dir")
        if ! grep -qx "ubidots.cloud.$role" <<< "$listed_roles"; then
            echo "docs: FAIL role $role is not listed by ansible-doc -t role (missing meta/argument_specs.yml?)"
            failures=$((failures + 1))
        fi
    done
    for name in $listed_roles; do
        render role "$name"
    done
fi

echo "docs: $rendered rendered, $failures failed"
[ "$failures" -eq 0 ]
