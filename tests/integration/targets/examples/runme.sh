#!/usr/bin/env bash
# Run the EXAMPLES of every module, as written, against a fresh emulator account.
set -euo pipefail

api_url=$(sed -n 's/^ubidots_api_url: //p' ../../integration_config.yml)
UBIDOTS_TOKEN=$(python - "$api_url" <<'PY'
import json, sys, urllib.request
request = urllib.request.Request(sys.argv[1] + '/_emulator/accounts', data=b'{}', method='POST',
                                 headers={'Content-Type': 'application/json'})
print(json.load(urllib.request.urlopen(request))['token'])
PY
)
export UBIDOTS_TOKEN UBIDOTS_API_URL="$api_url" ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false
# Under ansible-test, in the target's output_dir (OUTPUT_DIR), where the secret scan of
# run_integration.sh reads every file the playbooks wrote; ansible-test empties it for the next target.
if [[ -n "${OUTPUT_DIR:-}" ]]; then
    workdir=$(mktemp -d "$OUTPUT_DIR/work.XXXXXX")
else
    workdir=$(mktemp -d)
    trap 'rm -rf "$workdir"' EXIT
fi

# Dependencies first: the token examples use organizations and roles, the user_info example the users example's alice.
ordered="ubidots_organization ubidots_organization_info ubidots_org_role ubidots_org_role_info ubidots_org_token"
ordered+=" ubidots_org_token_info ubidots_user_role ubidots_user_role_info ubidots_user ubidots_user_info"
for listed in $(ansible-doc -t module -l ubidots.cloud | awk '{print $1}' | sed 's/^ubidots\.cloud\.//'); do
    [[ " $ordered " == *" $listed "* ]] || { echo "module $listed has no place in the EXAMPLES order"; exit 1; }
done
for module in $ordered; do
    playbook="$workdir/$module.yml"
    python examples_playbook.py "ubidots.cloud.$module" >"$playbook"
    echo "== EXAMPLES of $module"
    ansible-playbook "$playbook" -e "ubidots_key_dir=$workdir/keys" "$@"  # key_file examples write there
done
