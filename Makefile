# Public interface: `make demo`, `make test`, `make emulator` (PORT, UBIDOTS_TOKEN, EMULATOR_ARGS).
# Everything else here is a building block of those three and may change.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
VPY := $(VENV)/bin/python
PORT ?= 8765
EMULATOR_ARGS ?=
# Staged copy of the collection at the path ansible-test insists on.
COLLECTIONS_ROOT := $(CURDIR)/.tmp/collections
COLLECTION_DIR := $(COLLECTIONS_ROOT)/ansible_collections/ubidots/cloud

export PYTHONDONTWRITEBYTECODE := 1

.PHONY: venv emulator demo test test-emulator test-units test-integration stage

$(VENV)/.installed: tests/requirements.txt tests/emulator/requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet --upgrade pip
	$(VPY) -m pip install --quiet -r tests/requirements.txt
	touch $@

venv: $(VENV)/.installed

# The token comes from the environment (UBIDOTS_TOKEN), so it never shows in the echoed command.
emulator: venv
	PYTHONPATH=tests/emulator exec $(VPY) -m ubidots_emulator --host 127.0.0.1 --port $(PORT) $(EMULATOR_ARGS)

stage: venv
	$(VPY) tests/tools/stage_collection.py $(COLLECTION_DIR)

test-emulator: venv
	PYTHONPATH=tests/emulator $(VPY) -m pytest -q -p no:cacheprovider tests/emulator/tests

test-units: stage
	cd $(COLLECTION_DIR) && $(CURDIR)/$(VENV)/bin/ansible-test units --local --python 3.11 --color no

test-integration: stage
	PATH=$(CURDIR)/$(VENV)/bin:$$PATH bash tests/tools/run_integration.sh $(COLLECTION_DIR)

test: venv
	bash tests/tools/gates.sh test-emulator test-units test-integration
