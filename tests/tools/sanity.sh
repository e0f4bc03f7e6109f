#!/usr/bin/env bash
# Run `ansible-test sanity` for one leg (one ansible-core venv, one Python version) on the
# staged collection tree.
#
# usage: sanity.sh VENV PYTHON_VERSION COLLECTION_DIR [extra ansible-test args...]
#
# ansible-test bootstraps pip in every per-test venv with a get-pip script it would
# download from a host we cannot reach; it uses ~/.ansible/test/cache/get_pip_<ver>.py
# when present, so this script puts our offline stand-in there first (see
# tests/tools/get_pip_standin.py). A real get-pip script already in the cache is kept.
set -euo pipefail

if [ "$#" -lt 3 ]; then
    echo "usage: $0 VENV PYTHON_VERSION COLLECTION_DIR [ansible-test args...]" >&2
    exit 2
fi
venv=$(cd "$1" && pwd)
python_version=$2
collection_dir=$3
shift 3

here=$(cd "$(dirname "$0")" && pwd)
standin="$here/get_pip_standin.py"
cache_dir="$HOME/.ansible/test/cache"
marker='ubidots.cloud get-pip stand-in'

# The pip versions this ansible-test bootstraps, read from its own source.
requirements_py=$("$venv/bin/python" -c \
    'import ansible_test, os; print(os.path.join(os.path.dirname(ansible_test.__file__), "_internal", "python_requirements.py"))')
pip_versions=$(grep -oE "pip='[0-9][0-9.]*'" "$requirements_py" | grep -oE "[0-9][0-9.]*" | sort -u)
if [ -z "$pip_versions" ]; then
    echo "sanity.sh: cannot find the pip version ansible-test wants in $requirements_py" >&2
    exit 1
fi

mkdir -p "$cache_dir"
for version in $pip_versions; do
    target="$cache_dir/get_pip_${version//./_}.py"
    if [ -e "$target" ] && ! grep -q "$marker" "$target"; then
        continue  # a real get-pip script: leave it alone
    fi
    if ! cmp -s "$standin" "$target"; then
        cp "$standin" "$target"
        echo "sanity.sh: installed get-pip stand-in $target"
    fi
done

cd "$collection_dir"
core_version=$("$venv/bin/python" -c 'from ansible.release import __version__; print(__version__)')
echo "sanity.sh: ansible-core $core_version, Python $python_version, in $collection_dir"
export PATH="$venv/bin:$PATH"
exec "$venv/bin/ansible-test" sanity --python "$python_version" --color no "$@"
