#!/usr/bin/env bash
# Run each named make target as a gate, print one summary line per gate, fail if any failed.
set -u
failed=0
summary=()
for gate in "$@"; do
    start=$(date +%s)
    if make --no-print-directory "$gate"; then
        result=PASS
    else
        result=FAIL
        failed=1
    fi
    summary+=("gate ${gate}: ${result} ($(( $(date +%s) - start ))s)")
done
echo
echo "==== gate summary ===="
printf '%s\n' "${summary[@]}"
exit "$failed"
