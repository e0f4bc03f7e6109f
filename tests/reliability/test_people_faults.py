# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Faults with people: user roles, users and memberships (fixtures/people.yml, the modules in a playbook) under the
seeded fault mix and under lost responses. The end state is the clean one: no duplicate user, no lost or extra
membership, every added membership invited once; a re-run under other faults changes nothing.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

import pytest
import requests

import checks
import harness
import people
import scenario

TIMEOUT_ENV = {'UBIDOTS_REQUEST_TIMEOUT': str(scenario.REQUEST_TIMEOUT)}
# The memberships the run adds (Bob's exist before it): each must be invited exactly once.
INVITED = sorted((user['username'], m['organization']) for user in people.USERS[::2] for m in user['organizations'])


def apply_people(ansible, emulator, seed, name):
    return ansible.playbook(people.PLAYBOOK, emulator, extra_vars=people.playbook_vars(seed), env=TIMEOUT_ENV, name=name)


def assert_people_converged(emulator, what):
    emulator.healthy()
    state = people.snapshot(emulator)
    assert state['duplicates'] == [], '%s left duplicates: %s' % (what, state['duplicates'])
    assert state == people.expected(), '%s: end state differs from a clean run\nexpected %r\nactual   %r' % (
        what, people.expected(), state)
    record = requests.get('%s/_emulator/invitations' % emulator.url, headers={'X-Auth-Token': emulator.token}, timeout=10).json()
    invited = sorted((i['user']['username'], i['organization']['label']) for i in record['invitations'])
    assert invited == INVITED, '%s: invitations %s, expected each added membership once: %s' % (what, invited, INVITED)


def api_entries(emulator):
    return [e for e in emulator.requests() if e['path'].startswith('/api/')]


@pytest.mark.parametrize('seed', scenario.FAULT_SEEDS, ids=['seed%d' % seed for seed in scenario.FAULT_SEEDS])
def test_faulted_people_run_equals_clean_run(emulators, ansible, note, seed):
    """20% of requests faulted with every kind while the run adds a user role, creates two users with their
    memberships, changes a role of a third and ends one of his memberships. No task fails, the end state is the
    clean one, and a re-run under other faults changes nothing."""
    emulator = emulators('--fault-rate', '0', '--fault-kinds', harness.ALL_FAULTS, '--slow-ms', str(scenario.SLOW_MS),
                         '--seed', str(seed))
    people.existing_people(emulator, seed)
    emulator.clear_requests()
    emulator.configure(fault_rate=scenario.FAULT_RATE, seed=seed)
    run = apply_people(ansible, emulator, seed, 'people-seed%d' % seed)
    entries = api_entries(emulator)
    checks.assert_run_ok(run, 'faulted people run (seed %d)' % seed)
    assert_people_converged(emulator, 'faulted people run (seed %d)' % seed)
    summary = harness.fault_summary(entries)
    assert summary['faults'], 'no fault was injected: the test proved nothing'
    emulator.configure(fault_rate=scenario.FAULT_RATE, seed=seed + 1000)
    again = apply_people(ansible, emulator, seed, 'people-seed%d-again' % seed)
    checks.assert_run_ok(again, 're-run under faults (seed %d)' % (seed + 1000))
    assert again.changed == 0, 're-run under faults changed %d things:\n%s' % (again.changed, again.tail())
    assert_people_converged(emulator, 're-run (seed %d)' % seed)
    kinds = ', '.join('%s x%d' % kv for kv in summary['faults'].items())
    note('%d API requests, faults: %s; 0 failed tasks, 0 duplicate users, memberships as declared, each added one '
         'invited once; re-run under faults changed=0' % (summary['requests'], kinds))


LOST_SEED = 4  # loses the answer of a user POST, of an assignment and of a removal


def test_lost_people_writes_are_not_applied_twice(emulators, ansible, note):
    """30% of the responses lost after the server applied the request: no user, user role or membership exists
    twice, none is missing, a removal is not lost, and no invitation is sent twice."""
    emulator = emulators('--fault-rate', '0', '--fault-kinds', 'lost', '--seed', str(LOST_SEED))
    people.existing_people(emulator, LOST_SEED)
    emulator.clear_requests()
    emulator.configure(fault_rate=0.3, seed=LOST_SEED)
    run = apply_people(ansible, emulator, LOST_SEED, 'people-lost')
    lost = [e for e in api_entries(emulator) if e['fault'] == 'lost' and e['method'] in ('POST', 'PATCH')]
    lost_paths = sorted(set(re.sub(r'/[0-9a-f]{24}/', '/<id>/', e['path']) for e in lost))
    exercised = [any(p.endswith(end) for p in lost_paths) for end in ('/users/', '/assign_organizations/', '/remove_organizations/')]
    assert all(exercised), 'the seed lost no user POST, assignment or removal: the case is not exercised; lost: %s' % lost_paths
    checks.assert_run_ok(run, 'people run with lost responses')
    assert_people_converged(emulator, 'people run with lost responses')
    note('%d writes applied with their response lost (%s); 0 duplicates, every membership once, every invitation once'
         % (len(lost), ', '.join(lost_paths)))
