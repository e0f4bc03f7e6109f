#!/usr/bin/env bash
# Run the ansible-test integration targets of the staged collection against a fresh emulator.
# Usage: run_integration.sh COLLECTION_DIR [ansible-test integration arguments, e.g. target names]
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

# Every target runs at -vvvv with --diff and an Ansible log, and all of it is searched for
# secrets afterwards: no scenario may print the account token, nor a token key outside the
# result of the task that created it.
ansible_log="$workdir/ansible.log"
cat >"$collection_dir/tests/integration/integration.cfg" <<CONFIG
[defaults]
log_path = $ansible_log

[diff]
always = True
CONFIG

output="$workdir/integration-output.txt"
cd "$collection_dir"
status=0
echo "$(ansible-test --version), --python $integration_python, emulator on $emulator_python"
# The full output goes to a file for the scan; a person sees it as it comes, without the -vvvv
# noise and with anything shaped like a secret masked.
set +o pipefail
ansible-test integration --local --python "$integration_python" --color no -vvvv "$@" 2>&1 \
    | tee "$output" \
    | grep --line-buffered -vE '^(<[^>]+>|Using module file|Pipelining|EXEC|PUT|SSH|ESTABLISH|Loading collection|redirecting|Skipping callback|Read vars_file)' \
    | sed -u -E 's/BBFF-[A-Za-z0-9]{30}/BBFF-<masked>/g'
status=${PIPESTATUS[0]}
set -o pipefail
if [[ $status -ne 0 ]]; then
    exit "$status"
fi

# A key may show only in the result of the task that created it (tests/tools/secret_scan.py): the target
# module_results_secret_scan registers every module's result without no_log; nothing else may show one.
python "$repo/tests/tools/secret_scan.py" "$output" "$ansible_log"
