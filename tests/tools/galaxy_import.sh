#!/usr/bin/env bash
# Build the release tarball the way a maintainer does and import it with galaxy-importer.
#
# usage: galaxy_import.sh RELEASE_VENV OUTPUT_DIR
#
# Runs from the repository root, where the venvs, .tmp and caches live, so that a gap in
# galaxy.yml's build_ignore shows up here and not on Galaxy. Fails when:
#   * the tarball holds a venv, a cache, build or test output (listed below);
#   * galaxy-importer exits non-zero or prints any ERROR or WARNING line (it reports its
#     lint findings as WARNING lines and still exits 0).
set -euo pipefail

if [ "$#" -ne 2 ]; then
    echo "usage: $0 RELEASE_VENV OUTPUT_DIR" >&2
    exit 2
fi
venv=$(cd "$1" && pwd)
output_dir=$2
repo=$(cd "$(dirname "$0")/../.." && pwd)
export PATH="$venv/bin:$PATH"
export GALAXY_IMPORTER_CONFIG="$repo/tests/tools/galaxy-importer.cfg"

cd "$repo"
rm -rf "$output_dir"
mkdir -p "$output_dir"
output_dir=$(cd "$output_dir" && pwd)
ansible-galaxy collection build --force --output-path "$output_dir" .
tarballs=("$output_dir"/ubidots-cloud-*.tar.gz)
if [ "${#tarballs[@]}" -ne 1 ] || [ ! -f "${tarballs[0]}" ]; then
    echo "galaxy-import: expected one ubidots-cloud-*.tar.gz in $output_dir" >&2
    exit 1
fi
tarball=${tarballs[0]}

# Paths that must never ship: venvs, caches, our scratch trees, test and build output.
forbidden='(^|/)(\.venv[^/]*|__pycache__|\.pytest_cache|\.mypy_cache|\.tox|\.tmp|\.ansible|\.git)(/|$)'
forbidden+='|^(build|tests/output)(/|$)|\.py[co]$|\.tar\.gz$'
listing="$output_dir/contents.txt"
tar -tzf "$tarball" | sed 's|^\./||' > "$listing"
echo "galaxy-import: $tarball holds $(wc -l < "$listing") entries"
if grep -E "$forbidden" "$listing"; then
    echo "galaxy-import: FAIL: the tarball holds the paths above; extend build_ignore in galaxy.yml" >&2
    exit 1
fi

log="$output_dir/galaxy-importer.log"
status=0
# galaxy-importer writes importer_result.json into its working directory: keep it out of the work tree.
(cd "$output_dir" && python -m galaxy_importer.main "$tarball") 2>&1 | tee "$log" || status=$?
if [ "$status" -ne 0 ]; then
    echo "galaxy-import: FAIL: galaxy-importer exited with $status" >&2
    exit 1
fi
if grep -E '(^|[^A-Za-z_])(ERROR|WARNING)([^A-Za-z_]|$)' "$log" > "$output_dir/findings.txt"; then
    echo "galaxy-import: FAIL: galaxy-importer reported:" >&2
    cat "$output_dir/findings.txt" >&2
    exit 1
fi
echo "galaxy-import: galaxy-importer accepted $tarball with no ERROR or WARNING"
