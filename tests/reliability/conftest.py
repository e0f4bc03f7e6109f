# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures of the reliability suite, and the hook that writes docs/reliability.md from its outcomes."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

import pytest

import harness
import report as reliability_report
import scenario

CATEGORY_OF_MODULE = {
    'test_faults.py': 'faults',
    'test_bad_input.py': 'bad_input',
    'test_concurrency.py': 'concurrency',
    'test_secrets.py': 'secrets',
}
FINDINGS = os.path.join(harness.HERE, 'findings.yml')


@pytest.fixture(scope='session')
def collections_path(tmp_path_factory):
    """ANSIBLE_COLLECTIONS_PATH holding the collection under test (staged once per worker)."""
    given = os.environ.get('RELIABILITY_COLLECTIONS_PATH')
    if given:
        return given
    return harness.stage_collection(str(tmp_path_factory.mktemp('collections')))


@pytest.fixture
def ansible(collections_path, tmp_path):
    return harness.Ansible(collections_path, str(tmp_path))


@pytest.fixture
def emulators(tmp_path):
    """Start emulators with `emulators(args...)`; every one is stopped after the test."""
    started = []

    def start(*args, **kwargs):
        emulator = harness.Emulator(str(tmp_path), args=args, name='emulator%d' % (len(started) + 1), **kwargs)
        started.append(emulator)
        return emulator.start()

    yield start
    for emulator in started:
        emulator.stop()


@pytest.fixture
def note(record_property):
    """note('...') adds a line to the case's row in docs/reliability.md."""
    def add(text):
        record_property('note', harness.stable(text))
    return add


# --- docs/reliability.md -------------------------------------------------------------------------
_CASES = []


def pytest_runtest_logreport(report):
    path, dummy, name = report.nodeid.partition('::')
    category = CATEGORY_OF_MODULE.get(os.path.basename(path))
    if category is None:
        return
    if report.when == 'call' or (report.when == 'setup' and report.outcome != 'passed'):
        notes = [value for key, value in report.user_properties if key == 'note']
        outcome = report.outcome
        if hasattr(report, 'wasxfail'):
            outcome = 'known failure' if report.skipped else outcome
            notes.append('known failure, reported: %s' % report.wasxfail.replace('reason: ', ''))
        elif report.skipped:
            reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
            notes.append(reason.replace('Skipped: ', 'not run: '))
        elif report.failed:
            notes.append('FAILED (see the pytest output)')
        _CASES.append({'category': category, 'case': name, 'outcome': outcome, 'note': '; '.join(notes)})


def _whole_run(config):
    """True when the run was not narrowed to some tests (then its counts would mislead)."""
    option = config.option
    return not (getattr(option, 'keyword', '') or getattr(option, 'markexpr', '') or getattr(option, 'lf', False)
                or getattr(option, 'deselect', None))


def pytest_sessionfinish(session, exitstatus):
    config = session.config
    target = os.environ.get('RELIABILITY_REPORT')
    if not target or hasattr(config, 'workerinput') or not _CASES or not _whole_run(config):
        return
    if exitstatus in (pytest.ExitCode.INTERRUPTED, pytest.ExitCode.USAGE_ERROR, pytest.ExitCode.INTERNAL_ERROR):
        return
    settings = ('fault seeds %s at rate %s with every fault kind, request_timeout %ss, slow faults %s ms; '
                'seeds %d to %d at rate %s; %d concurrent tenants; %d racing runs' % (
                    ', '.join(str(s) for s in scenario.FAULT_SEEDS), scenario.FAULT_RATE, scenario.REQUEST_TIMEOUT,
                    scenario.SLOW_MS, scenario.HIGH_FAULT_SEEDS[0], scenario.HIGH_FAULT_SEEDS[-1],
                    scenario.HIGH_FAULT_RATE, scenario.CONCURRENT_TENANTS, scenario.RACING_RUNS))
    cases = sorted(_CASES, key=lambda c: (c['category'], c['case']))
    path = target if os.path.isabs(target) else os.path.join(harness.REPO, target)
    reliability_report.write(path, scenario.VARIANT, cases, reliability_report.load_findings(FINDINGS), harness.REPO, settings)
