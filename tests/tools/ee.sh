#!/usr/bin/env bash
# Execution environment gate: `ansible-builder create` on tests/ee/execution-environment.yml with
# the collection tarball built from the staged copy, then tests/tools/check_ee_context.py on the
# build context (the image itself needs podman or docker, which we do not have).
#
# usage: ee.sh VENV COLLECTION_DIR CONTEXT_DIR SCRATCH_DIR
#
# SCRATCH_DIR/src gets the EE definition, its requirements.yml and ubidots-cloud.tar.gz;
# CONTEXT_DIR gets the build context (Containerfile, _build/).
set -euo pipefail

if [ "$#" -ne 4 ]; then
    echo "usage: $0 VENV COLLECTION_DIR CONTEXT_DIR SCRATCH_DIR" >&2
    exit 2
fi
venv=$(cd "$1" && pwd)
collection_dir=$(cd "$2" && pwd)
context=$3
scratch=$4
repo=$(cd "$(dirname "$0")/../.." && pwd)
export PATH="$venv/bin:$PATH"
export ANSIBLE_NOCOLOR=1

rm -rf "$context" "$scratch"
mkdir -p "$scratch/src" "$scratch/build"
scratch=$(cd "$scratch" && pwd)
ansible-galaxy collection build --force --output-path "$scratch/build" "$collection_dir"
tarballs=("$scratch"/build/ubidots-cloud-*.tar.gz)
if [ "${#tarballs[@]}" -ne 1 ] || [ ! -f "${tarballs[0]}" ]; then
    echo "ee: expected one ubidots-cloud-*.tar.gz in $scratch/build" >&2
    exit 1
fi
mv "${tarballs[0]}" "$scratch/src/ubidots-cloud.tar.gz"
cp "$repo/tests/ee/execution-environment.yml" "$repo/tests/ee/requirements.yml" "$scratch/src/"

echo "ee: $(ansible-builder --version | head -n 1 | sed 's/^/ansible-builder /'), context in $context"
ansible-builder create --file "$scratch/src/execution-environment.yml" --context "$context" \
    --output-filename Containerfile -v 2
python "$repo/tests/tools/check_ee_context.py" "$context" "$collection_dir" "$scratch"
