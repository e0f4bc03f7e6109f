# shellcheck shell=bash
# Sourced by the script targets (runme.sh) that run the playbooks as a user does: the emulator's URL from the
# integration config in UBIDOTS_API_URL, work_folder and fail.
api_url=$(sed -n 's/^ubidots_api_url: //p' ../../integration_config.yml)
export UBIDOTS_API_URL="$api_url" ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false

# work_folder: a new folder for the files the playbooks write. Under ansible-test, in the target's output_dir
# (OUTPUT_DIR), where the secret scan of run_integration.sh reads every file the playbooks wrote (ansible-test
# empties it for the next target); else a temporary folder the caller removes.
work_folder() {
    if [[ -n "${OUTPUT_DIR:-}" ]]; then mktemp -d "$OUTPUT_DIR/work.XXXXXX"; else mktemp -d; fi
}

fail() { echo "FAILED: $*"; exit 1; }
