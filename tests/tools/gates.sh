#!/usr/bin/env bash
# Run each named make target as a gate, print one summary line per gate, fail if any failed.
#
# usage: gates.sh TARGET...
#
# Every gate runs even when an earlier one failed. A gate that cannot run here (a sanity
# leg whose interpreter is missing, say) prints a SKIP line and writes its reason to the
# file named by $GATE_SKIP_FILE; it is then reported as SKIP, not PASS.
set -euo pipefail

skip_dir=.tmp/gates
mkdir -p "$skip_dir"
failed=0
passed=0
failures=0
skipped=0
summary=()
for gate in "$@"; do
    export GATE_SKIP_FILE="$skip_dir/$gate.skip"
    rm -f "$GATE_SKIP_FILE"
    start=$(date +%s)
    status=0
    make --no-print-directory "$gate" || status=$?
    seconds=$(( $(date +%s) - start ))
    if [ "$status" -ne 0 ]; then
        result=FAIL
        failed=1
        failures=$((failures + 1))
    elif [ -s "$GATE_SKIP_FILE" ]; then
        result="SKIP: $(head -n 1 "$GATE_SKIP_FILE")"
        skipped=$((skipped + 1))
    else
        result=PASS
        passed=$((passed + 1))
    fi
    summary+=("gate ${gate}: ${result} (${seconds}s)")
done
echo
echo "==== gate summary ===="
printf '%s\n' "${summary[@]}"
echo "gates: ${passed} passed, ${failures} failed, ${skipped} skipped"
exit "$failed"
