# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Concurrency: many tenants bootstrapped by parallel forks, and separate runs racing on the same tenants."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import sys
import threading

import yaml

import checks
import scenario


def estate_inventory(path, labels, key_dir):
    """One inventory host per tenant, as playbooks/examples/estate/hosts.yml does it."""
    hosts = dict((label, {'ubidots_tenants': [scenario.tenant(label)]}) for label in labels)
    group_vars = {'ansible_connection': 'local', 'ansible_python_interpreter': sys.executable,
                  'ubidots_api_roles': scenario.ROLES, 'ubidots_key_dir': key_dir}
    with open(path, 'w') as handle:
        yaml.safe_dump({'tenants': {'hosts': hosts, 'vars': group_vars}}, handle)
    return path


def test_forks_bootstrap_distinct_tenants_without_crossing(emulators, ansible, tmp_path, note):
    count = scenario.CONCURRENT_TENANTS
    labels = scenario.labels('fork', count)
    emulator = emulators()
    key_dir = str(tmp_path / 'keys')
    inventory = estate_inventory(str(tmp_path / 'hosts.yml'), labels, key_dir)
    playbook = ansible.collection_file('playbooks/bootstrap.yml')
    args = ['-e', 'ubidots_hosts=tenants', '-f', str(count)]
    run = ansible.playbook(playbook, emulator, inventory=inventory, args=args, name='forks')
    checks.assert_run_ok(run, '%d forks' % count)
    assert len(run.recap) == count, 'expected %d hosts in the recap, got %s' % (count, sorted(run.recap))
    checks.assert_converged(emulator, scenario.expected_snapshot(labels), '%d forks' % count)
    checks.assert_key_files(emulator, key_dir, scenario.expected_token_names(labels))
    if scenario.LONG:
        again = ansible.playbook(playbook, emulator, inventory=inventory, args=args, name='forks-again')
        checks.assert_run_ok(again, 'second run of %d forks' % count)
        assert again.changed == 0, 'second run changed %d things' % again.changed
    note('%d hosts, -f %d: every tenant holds exactly its own 3 tokens, every key file only its own live keys%s' % (
        count, count, '; re-run changed=0' if scenario.LONG else ''))


def test_runs_racing_on_the_same_tenants(emulators, ansible, tmp_path, note):
    """Separate ansible-playbook processes bootstrap the same two tenants at the same moment. Each API request
    takes 300 ms, so that the runs overlap even when one process starts a few seconds after the other."""
    emulator = emulators('--latency-ms', '300')
    labels = scenario.labels('race', 2)
    runs = {}

    def start(number):
        key_dir = str(tmp_path / ('keys%d' % number))
        runs[number] = (key_dir, ansible.playbook(ansible.collection_file('playbooks/bootstrap.yml'), emulator,
                                                  extra_vars=scenario.bootstrap_vars(key_dir, labels), name='race%d' % number))

    threads = [threading.Thread(target=start, args=(number,)) for number in range(scenario.RACING_RUNS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    failed = [number for number, (dummy, run) in sorted(runs.items()) if run.failed]
    idle = [number for number, (dummy, run) in sorted(runs.items()) if run.changed == 0 and not run.failed]
    assert idle == [], 'runs %s changed nothing: they did not overlap with the others, the race was not run' % idle
    emulator.healthy()
    state = emulator.snapshot()
    assert state['duplicates'] == [], 'racing runs left duplicates: %s (failed runs: %s)' % (state['duplicates'], failed)
    messages = [m for number in failed for m in runs[number][1].failure_messages()]
    for number in failed:
        assert any('conflict' in m.lower() or 'another run' in m.lower() for m in runs[number][1].failure_messages()), (
            'run %d failed without a clear conflict error:\n%s' % (number, runs[number][1].tail()))
    rerun = ansible.playbook(ansible.collection_file('playbooks/bootstrap.yml'), emulator,
                             extra_vars=scenario.bootstrap_vars(str(tmp_path / 'keys0'), labels), name='race-rerun')
    checks.assert_run_ok(rerun, 're-run after the race')
    checks.assert_converged(emulator, scenario.expected_snapshot(labels), 'racing runs')
    live = emulator.token_keys()
    in_files = {}
    for number, (key_dir, dummy) in runs.items():
        for where, (path, key) in checks.key_files(key_dir).items():
            assert live.get(where) == [key] or not any(key in keys for keys in live.values()), (
                '%s holds a key of another token' % path)
            if live.get(where) == [key]:
                in_files[where] = key
    missing = sorted(set(live) - set(in_files))
    assert missing == [], 'no key file holds the live key of %s' % missing
    conflicts = (' with a conflict error: ' + '; '.join(sorted(set(messages))))[:200] if failed else ''
    note('%d runs at once, each changed objects (they overlapped): %d failed%s; 0 duplicates; the re-run converged; '
         'every live key is in a key file' % (len(runs), len(failed), conflicts))
