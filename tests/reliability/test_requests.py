# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Requests: playbooks/bootstrap.yml with the example tenants sends no lookup twice in one run (issue 15).

A lookup repeats when the same GET (method, path and query) comes again in the same run with no write to its scope
(the list it reads, or an object that list belongs to) in between: whatever it reads was already known.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

import checks


def bootstrap(ansible, emulator, tmp_path, *args):
    run = ansible.playbook(ansible.collection_file('playbooks/bootstrap.yml'), emulator, args=args, extra_vars={
        'ubidots_tenants_file': ansible.collection_file('playbooks/examples/tenants.yml'),
        'ubidots_key_dir': str(tmp_path / 'keys')})
    checks.assert_run_ok(run, 'bootstrap %s' % ' '.join(args))
    return run


@pytest.mark.parametrize('before, args', [
    pytest.param((), ('--check',), id='check-run-on-an-empty-account'),
    pytest.param((), (), id='first-run'),
    pytest.param(((),), (), id='re-run'),
    pytest.param(((),), ('--check',), id='check-run-after-a-first-run'),
])
def test_no_lookup_is_sent_twice_in_one_run(emulators, ansible, tmp_path, note, before, args):
    emulator = emulators()
    for earlier in before:
        bootstrap(ansible, emulator, tmp_path, *earlier)
    emulator.clear_requests()
    bootstrap(ansible, emulator, tmp_path, *args)
    entries = [e for e in emulator.requests() if e['path'].startswith('/api/')]
    repeated = checks.repeated_lookups(entries)
    assert entries and not repeated, 'lookups sent again with no write in between: %s' % repeated
    # Each task hands what it read or made to the organization task (known_api_roles, known_users, known_user_roles):
    # every list of the account is read at most once per run, also when a task has just written to it.
    for listing in ('api_roles', 'organizations', 'users', 'user_roles'):
        reads = [e for e in entries if e['method'] == 'GET' and e['path'].rstrip('/') == '/api/v2.0/' + listing]
        assert len(reads) <= 1, 'the list %s was read %d times' % (listing, len(reads))
    note('%d API requests (%d GET, %d writes), no GET repeated' % (
        len(entries), len([e for e in entries if e['method'] == 'GET']), len([e for e in entries if e['write']])))
