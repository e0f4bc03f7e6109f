# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Faults: the full bootstrap under seeded injected faults, lost writes, an exhausted retry budget, a restart.

Every test starts its own emulator process, so each seed's fault sequence is its own.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

import pytest

import checks
import harness
import scenario

LABELS = scenario.labels('rel', 2)
FIRST = LABELS[:1]
EXPECTED = scenario.expected_snapshot(LABELS)
NAMES = scenario.expected_token_names(LABELS)
TIMEOUT_ENV = {'UBIDOTS_REQUEST_TIMEOUT': str(scenario.REQUEST_TIMEOUT)}


def bootstrap(ansible, emulator, key_dir, labels=None, rotate=(), env=None):
    return ansible.playbook(ansible.collection_file('playbooks/bootstrap.yml'), emulator,
                            extra_vars=scenario.bootstrap_vars(key_dir, labels or LABELS, rotate), env=env)


def faults_note(entries):
    summary = harness.fault_summary(entries)
    kinds = ', '.join('%s x%d' % kv for kv in summary['faults'].items()) or 'none'
    return '%d API requests, faults: %s' % (summary['requests'], kinds)


def api_entries(emulator):
    return [e for e in emulator.requests() if e['path'].startswith('/api/')]


def test_clean_bootstrap_rotation_and_restart_converge(emulators, ansible, tmp_path, note):
    """The reference run: bootstrap, a key rotation, an emulator restart on its --state-file, then nothing to do."""
    emulator = emulators(state_file=str(tmp_path / 'state.sqlite'))
    key_dir = str(tmp_path / 'keys')
    first = bootstrap(ansible, emulator, key_dir)
    checks.assert_run_ok(first, 'clean bootstrap')
    checks.assert_converged(emulator, EXPECTED, 'clean bootstrap')
    before = checks.assert_key_files(emulator, key_dir, NAMES)
    rotated = bootstrap(ansible, emulator, key_dir, rotate=LABELS)
    checks.assert_run_ok(rotated, 'clean rotation')
    after = checks.assert_key_files(emulator, key_dir, NAMES)
    replaced = sorted(set(before) - set(after))
    assert len(replaced) == len(LABELS), 'rotation replaced %d keys, expected %d' % (len(replaced), len(LABELS))
    assert not any(emulator.key_works(key) for key in replaced), 'a rotated-out key still works'
    state = checks.assert_converged(emulator, EXPECTED, 'clean rotation')
    emulator.restart()
    assert emulator.snapshot() == state, 'the restart on --state-file changed the state'
    again = bootstrap(ansible, emulator, key_dir)
    checks.assert_run_ok(again, 'bootstrap after the restart')
    assert again.changed == 0, 'bootstrap after the restart changed %d things:\n%s' % (again.changed, again.tail())
    checks.assert_key_files(emulator, key_dir, NAMES)
    note('bootstrap, rotation (%d keys replaced, old ones refused), emulator restarted on its --state-file, '
         'next bootstrap changed=0; keys in the files live' % len(replaced))


FAULT_CASES = [pytest.param(seed, False, id='seed%d' % seed) for seed in scenario.FAULT_SEEDS]
FAULT_CASES.append(pytest.param(scenario.FAULT_SEEDS[0] + 1, True, id='seed%d-hidden-keys' % (scenario.FAULT_SEEDS[0] + 1)))


@pytest.mark.parametrize('seed, hide_keys', FAULT_CASES)
def test_faulted_bootstrap_equals_clean_run(emulators, ansible, tmp_path, note, seed, hide_keys):
    """One tenant exists, a second is new; 20% of requests faulted with every kind while the bootstrap creates
    the new tenant and rotates a key of the old one. No task fails, the end state is the clean one, and a
    re-run under other faults changes nothing."""
    args = ['--fault-rate', '0', '--fault-kinds', harness.ALL_FAULTS, '--slow-ms', str(scenario.SLOW_MS), '--seed', str(seed)]
    emulator = emulators(*(args + (['--hide-token-keys'] if hide_keys else [])))
    key_dir = str(tmp_path / 'keys')
    checks.existing_tenant(emulator, key_dir, FIRST[0])
    emulator.clear_requests()
    emulator.configure(fault_rate=scenario.FAULT_RATE, seed=seed)
    run = bootstrap(ansible, emulator, key_dir, rotate=FIRST, env=TIMEOUT_ENV)
    entries = api_entries(emulator)
    checks.assert_run_ok(run, 'faulted bootstrap (seed %d)' % seed)
    checks.assert_converged(emulator, EXPECTED, 'faulted bootstrap (seed %d)' % seed)
    checks.assert_key_files(emulator, key_dir, NAMES, keys_shown=not hide_keys)
    assert harness.fault_summary(entries)['faults'], 'no fault was injected: the test proved nothing'
    emulator.configure(fault_rate=scenario.FAULT_RATE, seed=seed + 1000)
    again = bootstrap(ansible, emulator, key_dir, env=TIMEOUT_ENV)
    checks.assert_run_ok(again, 're-run under faults (seed %d)' % (seed + 1000))
    assert again.changed == 0, 're-run under faults changed %d things:\n%s' % (again.changed, again.tail())
    checks.assert_converged(emulator, EXPECTED, 're-run (seed %d)' % seed)
    note('%s; 0 failed tasks, 0 duplicates, keys live%s; re-run under faults changed=0' % (
        faults_note(entries), ' (keys hidden)' if hide_keys else ''))


@pytest.mark.parametrize('hide_keys', [False, True], ids=['keys-shown', 'keys-hidden'])
def test_lost_write_is_not_applied_twice(emulators, ansible, tmp_path, note, hide_keys):
    """30% of all responses are lost after the server applied the request: nothing may exist twice."""
    args = ['--fault-rate', '0.3', '--fault-kinds', 'lost', '--seed', '13']
    emulator = emulators(*(args + (['--hide-token-keys'] if hide_keys else [])))
    key_dir = str(tmp_path / 'keys')
    run = bootstrap(ansible, emulator, key_dir, env=TIMEOUT_ENV)
    entries = api_entries(emulator)
    lost_posts = [e for e in entries if e['fault'] == 'lost' and e['method'] == 'POST']
    lost_paths = sorted(set(re.sub(r'/(~[^/]+|[0-9a-f]{24})', '/<key>', e['path']) for e in lost_posts))
    assert any('/tokens' in p for p in lost_paths) and any(p.rstrip('/').endswith('organizations') for p in lost_paths), (
        'the seed lost no token POST or no organization POST, the case is not exercised; lost: %s' % lost_paths)
    checks.assert_run_ok(run, 'bootstrap with lost responses')
    checks.assert_converged(emulator, EXPECTED, 'bootstrap with lost responses')
    checks.assert_key_files(emulator, key_dir, NAMES, keys_shown=not hide_keys)
    note('%d POSTs applied with their response lost (%s); 0 duplicates; every key in the files live' % (
        len(lost_posts), ', '.join(lost_paths)))


OUTAGE_BUDGET = 6.0


@pytest.mark.parametrize('kind, reason', [('503', r'HTTP 503'), ('drop', r'connection failed')], ids=['503', 'drop'])
def test_exhausted_budget_fails_clearly_then_rerun_converges(emulators, ansible, tmp_path, note, kind, reason):
    """A permanent outage: the first request retries for its budget (UBIDOTS_RETRY_BUDGET here, to keep the test
    short) and the run fails in bounded time with a message that says what failed, how often, and what to do."""
    emulator = emulators('--fault-rate', '1', '--fault-kinds', kind)
    key_dir = str(tmp_path / 'keys')
    failed = bootstrap(ansible, emulator, key_dir, env=dict(TIMEOUT_ENV, UBIDOTS_RETRY_BUDGET=str(OUTAGE_BUDGET)))
    assert failed.failed >= 1 and failed.returncode != 0, 'a run against a dead API did not fail:\n%s' % failed.tail()
    pattern = (r'failed after (\d+) attempts in ([\d.]+)s \(%s[^;]* x\1\); retry budget: %ss in all \(retry_budget\)[^;]*?'
               r' Run the task again' % (reason, OUTAGE_BUDGET))
    shown = re.search(pattern, failed.output)
    assert shown, 'no failure message says what was retried and why:\n%s' % failed.tail()
    assert int(shown.group(1)) >= 4 and float(shown.group(2)) <= OUTAGE_BUDGET + scenario.REQUEST_TIMEOUT, shown.group(0)
    # One request's budget, one request timeout, and the fixed cost of the run (validation, a failing task).
    assert failed.seconds < OUTAGE_BUDGET + scenario.REQUEST_TIMEOUT + 30, 'the run took %.0fs' % failed.seconds
    emulator.healthy()
    assert [e for e in emulator.requests(write=True) if e['status'] not in (None, 503)] == [], 'a write went through'
    rerun = bootstrap(ansible, emulator, key_dir)
    checks.assert_run_ok(rerun, 're-run on a healthy API')
    checks.assert_converged(emulator, EXPECTED, 're-run on a healthy API')
    checks.assert_key_files(emulator, key_dir, NAMES)
    # Attempts and seconds vary with the jitter: the note keeps only what must hold, so the report is stable.
    stable_message = re.sub(r'after \d+ attempts in [\d.]+s \((.*) x\d+\)', r'after N attempts in T s (\1 xN)', shown.group(0))
    note('failed within the budget plus one request timeout with "%s"; the re-run on a healthy API converged' % stable_message)


def test_a_key_missing_from_its_file_is_asked_for_not_regenerated(emulators, ansible, tmp_path, note):
    """A token exists but its tenant's key file lacks its key (a run killed after the POST, before it wrote the file).
    Token results carry no key unless asked (issue 18): the role asks the API for exactly the keys its files lack."""
    import yaml
    emulator = emulators()
    key_dir = str(tmp_path / 'keys')
    keys = checks.existing_tenant(emulator, key_dir, FIRST[0])
    path = '%s/%s.yml' % (key_dir, FIRST[0])
    lost = sorted(keys)[0]
    with open(path, 'w') as handle:
        yaml.safe_dump(dict((name, key) for name, key in keys.items() if name != lost), handle)
    run = bootstrap(ansible, emulator, key_dir)
    checks.assert_run_ok(run, 'bootstrap with a key missing from its file')
    checks.assert_converged(emulator, EXPECTED, 'bootstrap with a key missing from its file')
    checks.assert_key_files(emulator, key_dir, NAMES)
    assert not [e for e in emulator.requests(write=True) if '/tokens' in e['path'] and e['method'] == 'DELETE'], 'a token was replaced'
    note('the key of %s:%s, missing from its file, was filled in from the API (include_key on that token only); '
         'no token regenerated; every key in the files live' % (FIRST[0], lost))


def test_thirty_percent_faults_end_in_the_clean_state(ansible, tmp_path, note, case_scan):
    """Issue 18: at 30% faulted requests a bootstrap stopped after a token POST had used its 5 attempts. With retries
    bounded by time (retry_budget), at least 19 of 20 seeds must end in the clean run's state with 0 failed tasks and
    0 duplicates. Each seed: one tenant exists, a second is new, a key of the first is rotated."""
    import concurrent.futures

    def one_seed(seed):
        args = ['--fault-rate', '0', '--fault-kinds', harness.ALL_FAULTS, '--slow-ms', str(scenario.SLOW_MS), '--seed', str(seed)]
        # Named by the seed: the threads share tmp_path, so nothing may be named by a counter.
        emulator = harness.Emulator(str(tmp_path), args=args, name='emulator-seed%d' % seed)
        case_scan.emulators.append(emulator)  # its secrets are searched for after the case, like every emulator's
        emulator.start()
        try:
            key_dir = str(tmp_path / ('keys%d' % seed))  # a key directory name the case's scan knows
            checks.existing_tenant(emulator, key_dir, FIRST[0])
            emulator.clear_requests()
            emulator.configure(fault_rate=scenario.HIGH_FAULT_RATE, seed=seed)
            run = ansible.playbook(ansible.collection_file('playbooks/bootstrap.yml'), emulator, name='seed%d' % seed,
                                   extra_vars=scenario.bootstrap_vars(key_dir, LABELS, FIRST), env=TIMEOUT_ENV)
            entries = api_entries(emulator)
            emulator.healthy()
            state = emulator.snapshot()
        finally:
            emulator.stop()
        equal = dict(state, duplicates=[]) == EXPECTED
        return {'seed': seed, 'failed': run.failed, 'rc': run.returncode, 'equal': equal,
                'duplicates': len(state['duplicates']), 'faults': sum(harness.fault_summary(entries)['faults'].values()),
                'requests': len(entries), 'seconds': run.seconds,
                'why': '' if run.returncode == 0 and equal else harness.mask('; '.join(run.failure_messages())[:300])}

    with concurrent.futures.ThreadPoolExecutor(max_workers=3) as pool:
        outcomes = list(pool.map(one_seed, scenario.HIGH_FAULT_SEEDS))
    # A run of a dozen requests may draw no fault at 30%: such a seed tests nothing, so the next seeds stand in for it.
    spare = iter(scenario.SPARE_FAULT_SEEDS)
    while any(o['faults'] == 0 for o in outcomes):
        outcomes = [o if o['faults'] else one_seed(next(spare)) for o in outcomes]
    good = [o for o in outcomes if o['failed'] == 0 and o['rc'] == 0 and o['equal'] and o['duplicates'] == 0]
    rows = ['seed %(seed)d: end state %(state)s, duplicates %(duplicates)d, failed tasks %(failed)d '
            '(%(faults)d of %(requests)d requests faulted)%(why)s'
            % dict(o, state='equal' if o['equal'] else 'DIFFERENT', why=(' - ' + o['why']) if o['why'] else '')
            for o in outcomes]
    assert all(o['duplicates'] == 0 for o in outcomes), 'duplicates:\n%s' % '\n'.join(rows)
    assert all(o['faults'] > 0 for o in outcomes), 'a seed injected no fault:\n%s' % '\n'.join(rows)
    assert len(good) >= len(outcomes) - 1, 'only %d of %d seeds ended clean:\n%s' % (len(good), len(outcomes), '\n'.join(rows))
    note('%d of %d seeds at 30%% faults ended in the clean state with 0 failed tasks; per seed: %s'
         % (len(good), len(outcomes), '; '.join(rows)))
