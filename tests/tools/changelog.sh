#!/usr/bin/env bash
# Changelog and collection docs checks, on the staged collection.
#
# usage: changelog.sh RELEASE_VENV COLLECTION_DIR
#
#  1. antsibull-changelog lint: every fragment in changelogs/fragments/ is valid.
#  2. antsibull-changelog lint-changelog-yaml: changelogs/changelog.yaml is valid.
#  3. antsibull-changelog release, rehearsed on a scratch copy at galaxy.yml's version:
#     the fragments and plugin docs make a changelog, nothing in the repo is touched.
#  4. antsibull-docs lint-collection-docs --plugin-docs: extra docs, plugin and role docs
#     render for the Ansible docsite, and their references resolve.
set -euo pipefail

if [ "$#" -ne 2 ]; then
    echo "usage: $0 RELEASE_VENV COLLECTION_DIR" >&2
    exit 2
fi
venv=$(cd "$1" && pwd)
collection_dir=$(cd "$2" && pwd)
export PATH="$venv/bin:$PATH"
export ANSIBLE_COLLECTIONS_PATH="${collection_dir%/ansible_collections/*}"

cd "$collection_dir"
echo "changelog: antsibull-changelog lint"
antsibull-changelog lint
echo "changelog: antsibull-changelog lint-changelog-yaml changelogs/changelog.yaml"
antsibull-changelog lint-changelog-yaml changelogs/changelog.yaml

version=$(python -c 'import yaml; print(yaml.safe_load(open("galaxy.yml"))["version"])')
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
rehearsal="$scratch/ansible_collections/ubidots/cloud"
mkdir -p "$rehearsal"
cp -a . "$rehearsal"
rm -rf "$rehearsal/tests/output"
echo "changelog: rehearsing antsibull-changelog release --version $version"
(cd "$rehearsal" && ANSIBLE_COLLECTIONS_PATH="$scratch" antsibull-changelog release --version "$version" \
    && antsibull-changelog lint-changelog-yaml changelogs/changelog.yaml)

echo "changelog: antsibull-docs lint-collection-docs --plugin-docs"
antsibull-docs lint-collection-docs --plugin-docs --validate-collection-refs dependent \
    --disallow-unknown-collection-refs .
