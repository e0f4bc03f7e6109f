# Public interface: `make demo`, `make test`, `make emulator` (PORT, UBIDOTS_TOKEN, EMULATOR_ARGS).
# Everything else here is a building block of those three and may change.
#
# `make test` runs every gate through tests/tools/gates.sh (one summary line per gate):
#   test-emulator  pytest on the Ubidots API emulator
#   test-units     ansible-test units on the staged collection (ansible-core 2.19, .venv)
#   test-integration  tests/tools/run_integration.sh against the emulator (ansible-core 2.19, .venv)
#   test-integration-2.16  the same integration targets on the oldest supported leg (.venv-2.16;
#                  the emulator runs from .venv)
#   sanity-2.19    ansible-test sanity, newest leg (ansible-core 2.19, .venv)
#   sanity-2.16    ansible-test sanity, oldest supported leg (ansible-core 2.16, .venv-2.16)
#   test-integration-py3.12, sanity-py3.12  the same on the newest ansible-core (2.21) with Python 3.12
#                  (.venv-py3.12, built from a python3.12 on PATH or under ~/.pyenv/versions/3.12.*); without
#                  such an interpreter a SKIP line, or a failure when CI=true
#   lint           ansible-lint --profile production, offline (.venv-release)
#   galaxy-import  ansible-galaxy collection build + galaxy-importer on the tarball (.venv-release)
#   changelog      antsibull-changelog lint + antsibull-docs lint-collection-docs (.venv-release)
#   docs           ansible-doc renders every module and role without error or warning (.venv)
#   ee             ansible-builder create on tests/ee/execution-environment.yml (with the collection
#                  tarball) into .tmp/ee-context; the context's own scripts install the collection
#                  and must list requirements.txt (requests) for the image (.venv-awx)
#   awx            tests/awx: playbooks/bootstrap.yml through ansible-runner, with the environment
#                  the AWX credential type (extensions/awx/) injects, against the emulator (.venv-awx)
# `make sanity-matrix` runs sanity on ansible-core 2.16, 2.17, 2.18, 2.19 (Python 3.11) and on
# the newest ansible-core with Python 3.12 when such an interpreter exists (else a SKIP line; with
# CI=true a failure).
# `make integration-matrix` does the same for the integration targets.
# Each venv is built once and rebuilt only when its requirements file changes.
# `make clean` removes .tmp (staged copy, build output); `make distclean` removes the venvs too.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
VPY := $(VENV)/bin/python
RELEASE_VENV := .venv-release
AWX_VENV := .venv-awx
SANITY_REQUIREMENTS := tests/tools/requirements
PORT ?= 8765
EMULATOR_ARGS ?=
# Extra arguments for every sanity leg, e.g. SANITY_ARGS='--test pep8'.
SANITY_ARGS ?=
# Staged copy of the collection at the path ansible-test insists on.
COLLECTIONS_ROOT ?= $(CURDIR)/.tmp/collections
COLLECTION_DIR := $(COLLECTIONS_ROOT)/ansible_collections/ubidots/cloud

export PYTHONDONTWRITEBYTECODE := 1

GATES := test-emulator test-units test-integration test-integration-2.16 test-integration-py3.12 sanity-2.19 sanity-2.16 \
	sanity-py3.12 lint galaxy-import changelog docs ee awx
SANITY_LEGS := sanity-2.16 sanity-2.17 sanity-2.18 sanity-2.19 sanity-py3.12
INTEGRATION_LEGS := test-integration-2.16 test-integration-2.17 test-integration-2.18 test-integration \
	test-integration-py3.12

.PHONY: venv release-venv emulator demo test test-emulator test-units test-integration stage \
	sanity sanity-matrix $(SANITY_LEGS) integration-matrix $(INTEGRATION_LEGS) lint galaxy-import changelog docs \
	ee awx awx-venv clean distclean

$(VENV)/.installed: tests/requirements.txt tests/emulator/requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet --upgrade pip
	$(VPY) -m pip install --quiet -r tests/requirements.txt
	touch $@

venv: $(VENV)/.installed

# Programs sanity uses from PATH (shellcheck), added to the main venv for the 2.19 leg.
$(VENV)/.sanity-extras: $(VENV)/.installed $(SANITY_REQUIREMENTS)/sanity-extras.txt
	$(VPY) -m pip install --quiet -r $(SANITY_REQUIREMENTS)/sanity-extras.txt
	touch $@

# One venv per older sanity leg: .venv-2.16, .venv-2.17, .venv-2.18, .venv-py3.12.
# LEG_PYTHON picks the interpreter (the py3.12 leg passes a Python 3.12).
LEG_PYTHON ?= $(PYTHON)
.venv-%/.installed: $(SANITY_REQUIREMENTS)/sanity-%.txt $(SANITY_REQUIREMENTS)/sanity-extras.txt
	$(LEG_PYTHON) -m venv .venv-$*
	.venv-$*/bin/python -m pip install --quiet --upgrade pip
	.venv-$*/bin/python -m pip install --quiet -r $<
	touch $@

.PRECIOUS: .venv-%/.installed

# An older leg's venv also runs the integration targets: the modules need requests there.
.venv-%/.integration-extras: .venv-%/.installed $(SANITY_REQUIREMENTS)/integration-extras.txt
	.venv-$*/bin/python -m pip install --quiet -r $(SANITY_REQUIREMENTS)/integration-extras.txt
	touch $@

.PRECIOUS: .venv-%/.integration-extras

# Release tooling (ansible-lint, galaxy-importer, antsibull-*), kept apart from the test venv.
$(RELEASE_VENV)/.installed: tests/requirements-release.txt
	$(PYTHON) -m venv $(RELEASE_VENV)
	$(RELEASE_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(RELEASE_VENV)/bin/python -m pip install --quiet -r tests/requirements-release.txt
	touch $@

release-venv: $(RELEASE_VENV)/.installed

# ansible-runner and ansible-builder (the AWX and EE gates), with the emulator's requirements.
$(AWX_VENV)/.installed: tests/awx/requirements.txt tests/emulator/requirements.txt
	$(PYTHON) -m venv $(AWX_VENV)
	$(AWX_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(AWX_VENV)/bin/python -m pip install --quiet -r tests/awx/requirements.txt
	touch $@

awx-venv: $(AWX_VENV)/.installed

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

# The same targets with an older ansible-core: ansible-test and the modules from .venv-X.Y, the
# emulator (flask) from the main venv.
test-integration-2.16 test-integration-2.17 test-integration-2.18: test-integration-%: stage .venv-%/.integration-extras
	EMULATOR_PYTHON=$(CURDIR)/$(VPY) PATH=$(CURDIR)/.venv-$*/bin:$$PATH \
		bash tests/tools/run_integration.sh $(COLLECTION_DIR)

test-integration-py3.12: stage
	@if python312=$$(bash tests/tools/find_python.sh 3.12); then \
		echo "test-integration-py3.12: using $$python312"; \
		$(MAKE) --no-print-directory .venv-py3.12/.integration-extras LEG_PYTHON="$$python312" \
		&& EMULATOR_PYTHON=$(CURDIR)/$(VPY) INTEGRATION_PYTHON=3.12 PATH=$(CURDIR)/.venv-py3.12/bin:$$PATH \
			bash tests/tools/run_integration.sh $(COLLECTION_DIR); \
	else \
		reason="no Python 3.12 interpreter (looked for python3.12 on PATH and in ~/.pyenv/versions/3.12.*)"; \
		if [ "$${CI:-}" = true ]; then echo "FAIL test-integration-py3.12: $$reason, and CI=true: the newest ansible-core leg must run"; exit 1; fi; \
		echo "SKIP test-integration-py3.12: $$reason"; \
		if [ -n "$${GATE_SKIP_FILE:-}" ]; then echo "$$reason" > "$$GATE_SKIP_FILE"; fi; \
	fi

# Every supported ansible-core (2.16 to 2.19 on Python 3.11, the newest on Python 3.12).
integration-matrix:
	bash tests/tools/gates.sh $(INTEGRATION_LEGS)

# ---- sanity -------------------------------------------------------------------------------
sanity-2.19: stage $(VENV)/.sanity-extras
	bash tests/tools/sanity.sh $(VENV) 3.11 $(COLLECTION_DIR) $(SANITY_ARGS)

sanity-2.16 sanity-2.17 sanity-2.18: sanity-%: stage .venv-%/.installed
	bash tests/tools/sanity.sh .venv-$* 3.11 $(COLLECTION_DIR) $(SANITY_ARGS)

sanity-py3.12: stage
	@if python312=$$(bash tests/tools/find_python.sh 3.12); then \
		echo "sanity-py3.12: using $$python312"; \
		$(MAKE) --no-print-directory .venv-py3.12/.installed LEG_PYTHON="$$python312" \
		&& bash tests/tools/sanity.sh .venv-py3.12 3.12 $(COLLECTION_DIR) $(SANITY_ARGS); \
	else \
		reason="no Python 3.12 interpreter (looked for python3.12 on PATH and in ~/.pyenv/versions/3.12.*)"; \
		if [ "$${CI:-}" = true ]; then echo "FAIL sanity-py3.12: $$reason, and CI=true: the newest ansible-core leg must run"; exit 1; fi; \
		echo "SKIP sanity-py3.12: $$reason"; \
		if [ -n "$${GATE_SKIP_FILE:-}" ]; then echo "$$reason" > "$$GATE_SKIP_FILE"; fi; \
	fi

# Newest and oldest supported ansible-core; the full set is `make sanity-matrix`.
sanity:
	bash tests/tools/gates.sh sanity-2.19 sanity-2.16

sanity-matrix:
	bash tests/tools/gates.sh $(SANITY_LEGS)

# ---- release gates --------------------------------------------------------------------------
lint: stage $(RELEASE_VENV)/.installed
	bash tests/tools/lint.sh $(RELEASE_VENV) $(COLLECTIONS_ROOT)

galaxy-import: $(RELEASE_VENV)/.installed
	bash tests/tools/galaxy_import.sh $(RELEASE_VENV) .tmp/dist

changelog: stage $(RELEASE_VENV)/.installed
	bash tests/tools/changelog.sh $(RELEASE_VENV) $(COLLECTION_DIR)

docs: stage
	bash tests/tools/check_docs.sh $(VENV) $(COLLECTIONS_ROOT)

# ---- AWX and execution environments -----------------------------------------------------------
ee: stage $(AWX_VENV)/.installed
	bash tests/tools/ee.sh $(AWX_VENV) $(COLLECTION_DIR) .tmp/ee-context .tmp/ee

awx: stage $(AWX_VENV)/.installed
	UBIDOTS_COLLECTIONS_ROOT=$(COLLECTIONS_ROOT) $(AWX_VENV)/bin/python -m pytest -q -p no:cacheprovider tests/awx

test: venv
	bash tests/tools/gates.sh $(GATES)

# ---- demo ---------------------------------------------------------------------------------------
demo: stage
	PATH=$(CURDIR)/$(VENV)/bin:$$PATH bash tests/tools/demo.sh $(COLLECTIONS_ROOT)

# Scratch trees (staged copy, build output, gate markers); `distclean` drops the venvs too.
clean:
	rm -rf .tmp tests/output

distclean: clean
	rm -rf $(VENV) $(RELEASE_VENV) $(AWX_VENV) .venv-2.* .venv-py3.*

# ---- reliability: faults, bad input, concurrency, secrets (tests/reliability) ----------------------
# Real ansible-playbook and emulator processes; rewrites its own section of docs/reliability.md.
# `make test` runs the default variant; `make reliability-long` more seeds and tenants (not in `make test`).
RELIABILITY_ROOT := $(CURDIR)/.tmp/reliability/collections
RELIABILITY_WORKERS ?= 4
GATES += test-reliability
.PHONY: test-reliability reliability-long

test-reliability reliability-long: venv
	$(VPY) tests/tools/stage_collection.py $(RELIABILITY_ROOT)/ansible_collections/ubidots/cloud
	RELIABILITY_VARIANT=$(if $(filter reliability-long,$@),long,default) RELIABILITY_REPORT=docs/reliability.md \
		RELIABILITY_COLLECTIONS_PATH=$(RELIABILITY_ROOT) \
		$(VPY) -m pytest -p no:cacheprovider -q -n $(RELIABILITY_WORKERS) --durations=10 tests/reliability

# ---- benchmark: tenant_bootstrap vs a hand-written uri playbook vs a one-session floor (issues 8, 15) ----
# Not part of `make test` or CI. Writes benchmarks/results/<date>-N<n>[-ratelimited].json and docs/performance.md.
# Every series runs the contenders interleaved, against the emulator with 20 ms latency per request.
#   make bench                                  N=20 rate-limited (4/1 s) and N=20 without the limit, 1 repetition each (a few minutes)
#   make bench BENCH_N="20 80" BENCH_REPEAT=3   rate-limited series of your choice (BENCH_UNLIMITED_N="" to leave out the other)
#   make bench-full                             the series of issue 15 (N=20 and 80 rate-limited x3, N=200 rate-limited x1
#                                               without the uri playbook, which alone would take 15 minutes there,
#                                               N=20 without the limit x3): close to two hours on 2 busy cores;
#                                               BENCH_JOBS=3 runs 3 rate-limited repetitions at a time (51 minutes there)
#   make bench BENCH_SERIES="limited:5x1"       any list of VARIANT:NxR[@contenders] (limited|unlimited; ours,uri,floor,ours-module)
BENCH_N ?= 20
BENCH_REPEAT ?= 1
BENCH_UNLIMITED_N ?= 20
BENCH_UNLIMITED_REPEAT ?= $(BENCH_REPEAT)
BENCH_EXTRA ?=
BENCH_SERIES ?= $(foreach n,$(BENCH_N),limited:$(n)x$(BENCH_REPEAT)) $(foreach n,$(BENCH_UNLIMITED_N),unlimited:$(n)x$(BENCH_UNLIMITED_REPEAT)) $(BENCH_EXTRA)
BENCH_FULL_SERIES := limited:20x3 limited:80x3 limited:200x1@ours,floor unlimited:20x3
BENCH_JOBS ?= 1
BENCH_ARGS ?=
BENCH_ROOT := $(CURDIR)/.tmp/bench/collections
.PHONY: bench bench-full

bench bench-full: venv
	$(VPY) tests/tools/stage_collection.py $(BENCH_ROOT)/ansible_collections/ubidots/cloud
	$(VPY) benchmarks/run.py --series $(if $(filter bench-full,$@),$(BENCH_FULL_SERIES),$(BENCH_SERIES)) \
		--jobs $(BENCH_JOBS) --collections-path $(BENCH_ROOT) $(BENCH_ARGS)
