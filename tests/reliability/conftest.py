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
    'test_people_faults.py': 'faults',
    'test_bad_input.py': 'bad_input',
    'test_concurrency.py': 'concurrency',
    'test_secrets.py': 'secrets',
    'test_scan_selftest.py': 'secrets',
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
def case_scan(request, tmp_path, record_property):
    """After the case: its runs' output, Ansible logs and files, and its emulators' request logs, searched for every
    secret the emulators handed out (tests/tools/secret_scan.py); a leak fails the case. The summary line, with the
    count of secrets checked, is printed at the end of the session."""
    scan = harness.CaseScan(request.node.name, str(tmp_path))
    yield scan
    if not scan.used:
        return
    report = scan.run()
    record_property('secret_scan', report.summary())
    if scan.expect_leaks:
        assert report.leaks, 'the case leaks on purpose, yet the scan found nothing: %s' % report.summary()
        return
    assert report.ok, '\n'.join([report.summary()] + report.details())


@pytest.fixture
def ansible(collections_path, tmp_path, case_scan):
    runner = harness.Ansible(collections_path, str(tmp_path))
    case_scan.ansibles.append(runner)
    return runner


@pytest.fixture
def emulators(tmp_path, case_scan):
    """Start emulators with `emulators(args...)`; every one is stopped after the test."""
    started = []

    def start(*args, **kwargs):
        emulator = harness.Emulator(str(tmp_path), args=args, name='emulator%d' % (len(started) + 1), **kwargs)
        started.append(emulator)
        case_scan.emulators.append(emulator)
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
_SCANS = []
_COMMIT = []


def pytest_sessionstart(session):
    """The commit measured, as the run starts (the report is written at the end, when the tree may have moved on)."""
    if not hasattr(session.config, 'workerinput'):
        _COMMIT.append(reliability_report.measured_commit(harness.REPO))


def pytest_runtest_logreport(report):
    path, dummy, name = report.nodeid.partition('::')
    if report.when == 'teardown':
        _SCANS.extend(value for key, value in report.user_properties if key == 'secret_scan' and value not in _SCANS)
    category = CATEGORY_OF_MODULE.get(os.path.basename(path))
    if category is None:
        return
    if report.when == 'teardown' and report.failed:
        # The secret scan runs at teardown: a leak fails the case in the report too.
        for case in _CASES:
            if case['category'] == category and case['case'] == name and case['outcome'] == 'passed':
                case['outcome'] = 'failed'
                case['note'] = '; '.join(filter(None, [case['note'], 'FAILED at teardown (secret scan; see the pytest output)']))
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


def pytest_terminal_summary(terminalreporter):
    if _SCANS:
        terminalreporter.section('secret scan, per case')
        for line in sorted(_SCANS):
            terminalreporter.write_line(line)


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
    reliability_report.write(path, scenario.VARIANT, cases, reliability_report.load_findings(FINDINGS), harness.REPO, settings,
                             _COMMIT[0] if _COMMIT else None)
