#!/usr/bin/env bash
# Print the path of a working Python X.Y interpreter, or exit 1 when there is none.
#
# usage: find_python.sh X.Y
#
# `command -v pythonX.Y` may find a pyenv shim for a version that pyenv does not enable
# (it then fails with "command not found"), so each candidate must really run as X.Y.
set -euo pipefail

if [ "$#" -ne 1 ]; then
    echo "usage: $0 X.Y" >&2
    exit 2
fi
want=$1
candidates=()
if found=$(command -v "python$want"); then
    candidates+=("$found")
fi
pyenv_root=${PYENV_ROOT:-$HOME/.pyenv}
for path in "$pyenv_root"/versions/"$want".*/bin/python"$want" /usr/bin/python"$want" /usr/local/bin/python"$want"; do
    if [ -x "$path" ]; then
        candidates+=("$path")
    fi
done
for candidate in "${candidates[@]}"; do
    if version=$("$candidate" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null) \
        && [ "$version" = "$want" ]; then
        echo "$candidate"
        exit 0
    fi
done
exit 1
