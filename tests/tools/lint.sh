#!/usr/bin/env bash
# ansible-lint, production profile, offline, on the staged collection.
#
# usage: lint.sh RELEASE_VENV COLLECTIONS_ROOT
#
# COLLECTIONS_ROOT holds ansible_collections/ubidots/cloud (made by `make stage`); the lint
# runs there so that ubidots.cloud.* names resolve to this very tree and nothing outside
# git's view of the repository (venvs, build output) is scanned. Settings: .ansible-lint.
set -euo pipefail

if [ "$#" -ne 2 ]; then
    echo "usage: $0 RELEASE_VENV COLLECTIONS_ROOT" >&2
    exit 2
fi
venv=$(cd "$1" && pwd)
collections_root=$(cd "$2" && pwd)
collection_dir="$collections_root/ansible_collections/ubidots/cloud"

export PATH="$venv/bin:$PATH"
export ANSIBLE_COLLECTIONS_PATH="$collections_root"
# ansible-test runs integration targets with the targets folder as roles path (setup_* targets
# are used as roles); give ansible-lint's syntax check the same view.
export ANSIBLE_ROLES_PATH="$collection_dir/tests/integration/targets"
cd "$collection_dir"
NO_COLOR=1 "$venv/bin/ansible-lint" --version
exec "$venv/bin/ansible-lint" --offline --profile production --strict --nocolor
