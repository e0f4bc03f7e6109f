#!/usr/bin/env bash
# Run each named make target as a gate, print one summary line per gate, fail if any failed.
#
# usage: gates.sh TARGET...
#
# Every gate runs even when an earlier one failed. A gate whose output has a line starting
# with "SKIP " (a leg whose interpreter is missing, say) is reported as SKIP, not PASS.
# Each gate's output also goes to .tmp/gates/TARGET.log.
set -euo pipefail

log_dir=.tmp/gates
mkdir -p "$log_dir"
failed=0
passed=0
failures=0
skipped=0
summary=()
for gate in "$@"; do
    log="$log_dir/$gate.log"
    start=$(date +%s)
    status=0
    make --no-print-directory "$gate" 2>&1 | tee "$log" || status=$?
    seconds=$(( $(date +%s) - start ))
    if [ "$status" -ne 0 ]; then
        result=FAIL
        failed=1
        failures=$((failures + 1))
    elif grep -q '^SKIP ' "$log"; then
        result="SKIP ($(grep -m1 '^SKIP ' "$log" | cut -c6-))"
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
