#!/usr/bin/env bash
# Run the ansible-test integration targets of the staged collection against a fresh emulator.
# Usage: run_integration.sh COLLECTION_DIR [target names or aliases, ansible-test options as --name=value]
# Expects ansible-test (and `requests` in its venv, for the modules) first on PATH.
# EMULATOR_PYTHON: a Python with the emulator's requirements (flask, werkzeug); default `python`
# from PATH, i.e. the same venv. An older ansible-core leg runs the emulator from the main venv.
# INTEGRATION_PYTHON: the --python version given to ansible-test (default 3.11).
set -euo pipefail

collection_dir=$1
shift
repo=$(cd "$(dirname "$0")/../.." && pwd)
workdir=$(mktemp -d)
log="$workdir/emulator.log"

# shellcheck disable=SC2329  # called by the EXIT trap below
cleanup() {
    if [[ -n "${emulator_pid:-}" ]]; then
        kill "$emulator_pid" 2>/dev/null || true
        wait "$emulator_pid" 2>/dev/null || true
    fi
    rm -rf "$workdir"
}
trap cleanup EXIT

# A fresh emulator on a free port; each target makes its own account through the control API.
emulator_python=${EMULATOR_PYTHON:-python}
integration_python=${INTEGRATION_PYTHON:-3.11}
PYTHONPATH="$repo/tests/emulator" "$emulator_python" -m ubidots_emulator --host 127.0.0.1 --port 0 >"$log" 2>&1 &
emulator_pid=$!
for _ in $(seq 1 100); do
    if grep -q 'listening on' "$log"; then break; fi
    if ! kill -0 "$emulator_pid" 2>/dev/null; then cat "$log"; exit 1; fi
    sleep 0.1
done
api_url=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$log" | head -n 1)
if [[ -z "$api_url" ]]; then
    echo "emulator did not start:" >&2
    cat "$log" >&2
    exit 1
fi
echo "emulator at $api_url"

cat >"$collection_dir/tests/integration/integration_config.yml" <<CONFIG
---
ubidots_api_url: $api_url
CONFIG

# Every target runs at -vvvv with --diff and an Ansible log, one ansible-test call per target, and
# after each one tests/tools/secret_scan.py searches its output, its log, every file it left in its
# output_dir and the emulator's request log for every secret the emulator handed out so far (it
# lists them: GET /_emulator/secrets), in every encoding; key files may hold keys, nothing else.
ansible_log="$workdir/ansible.log"
scan_state="$workdir/scan-state.json"
scan_summary="$workdir/scan-summary.txt"
: >"$scan_summary"
output_dir="$collection_dir/tests/output/.tmp/output_dir"
scan_python=${EMULATOR_PYTHON:-python}

cd "$collection_dir"
echo "$(ansible-test --version), --python $integration_python, emulator on $emulator_python"
# Arguments: target names (or aliases), and ansible-test options written --name=value.
options=()
for arg in "$@"; do
    if [[ $arg == -* ]]; then options+=("$arg"); fi
done
mapfile -t selected < <(ansible-test integration --list-targets --local --python "$integration_python" "$@" 2>/dev/null)
if [[ ${#selected[@]} -eq 0 ]]; then
    echo "no integration target selected by: $*" >&2
    exit 1
fi

"$scan_python" "$repo/tests/tools/secret_scan.py" --emulator "$api_url" --label emulator --state "$scan_state" --baseline
status=0
scanned=0
for target in "${selected[@]}"; do
    output="$workdir/output-$target.txt"
    : >"$ansible_log"
    cat >"$collection_dir/tests/integration/integration.cfg" <<CONFIG
[defaults]
log_path = $ansible_log

[diff]
always = True
CONFIG
    # The full output goes to a file for the scan; a person sees it as it comes, without the -vvvv
    # noise and with anything shaped like a secret masked.
    set +o pipefail
    ansible-test integration --local --python "$integration_python" --color no -vvvv "${options[@]}" "$target" 2>&1 \
        | tee "$output" \
        | grep --line-buffered -vE '^(<[^>]+>|Using module file|Pipelining|EXEC|PUT|SSH|ESTABLISH|Loading collection|redirecting|Skipping callback|Read vars_file)' \
        | sed -u -E 's/BBFF-[A-Za-z0-9]{30}/BBFF-<masked>/g'
    target_status=${PIPESTATUS[0]}
    set -o pipefail
    # Scanned even when the target failed: a failure message may hold a secret too.
    if ! "$scan_python" "$repo/tests/tools/secret_scan.py" --emulator "$api_url" --label "$target" --state "$scan_state" \
            --output "$output" --log "$ansible_log" --tree "$output_dir" \
            --key-dir-name keys --key-dir-name '*_keys' >"$workdir/scan.txt"; then
        status=1
    fi
    cat "$workdir/scan.txt"
    grep '^secret scan ' "$workdir/scan.txt" >>"$scan_summary" || true
    scanned=$((scanned + 1))
    if [[ $target_status -ne 0 ]]; then
        echo "integration target $target failed (exit $target_status)"
        status=$target_status
        break
    fi
done
echo "secret scan, per target:"
cat "$scan_summary"
checked=$(awk -F': ' '{ split($2, words, " "); total += words[1] } END { print total + 0 }' "$scan_summary")
echo "secret scan: $scanned of ${#selected[@]} targets scanned, $checked secrets checked in all"
exit "$status"
