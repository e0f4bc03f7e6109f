# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The real command: startup lines, SIGTERM, options, several accounts, --state-file across a restart."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys

import pytest
import requests

from conftest import EMULATOR_ROOT, REPO_ROOT

ORGS = '/api/v2.0/organizations/'
TOKEN_LINE = re.compile(r'^admin token: (BBFF-[A-Za-z0-9]{30})$')


def get(base_url, path, token, **kwargs):
    return requests.get(base_url + path, headers={'X-Auth-Token': token}, timeout=10, **kwargs)


def post(base_url, path, token, **kwargs):
    return requests.post(base_url + path, headers={'X-Auth-Token': token}, timeout=10, **kwargs)


def test_generated_token_is_printed_and_sigterm_stops_cleanly(run_emulator):
    emulator = run_emulator()
    assert re.match(r'^http://127\.0\.0\.1:\d+$', emulator.base_url) and not emulator.base_url.endswith(':0')
    token = TOKEN_LINE.match(emulator.next_line()).group(1)
    assert get(emulator.base_url, ORGS, token).status_code == 200
    assert emulator.stop(signal.SIGTERM) == 0
    assert emulator.output[-1] == 'Ubidots emulator stopped'
    with pytest.raises(requests.exceptions.ConnectionError):
        get(emulator.base_url, ORGS, token)


def test_ctrl_c_stops_cleanly(run_emulator):
    emulator = run_emulator('--token', 'BBFF-' + 'i' * 30)
    assert emulator.stop(signal.SIGINT) == 0
    assert emulator.output == ['Ubidots emulator listening on %s' % emulator.base_url, 'Ubidots emulator stopped']


def test_token_from_environment_is_used_and_not_printed(run_emulator):
    token = 'BBFF-' + 'e' * 30
    emulator = run_emulator(env={'UBIDOTS_TOKEN': token})
    assert get(emulator.base_url, ORGS, token).status_code == 200
    assert emulator.stop() == 0
    assert not any(token in line for line in emulator.output)


def test_repeated_token_gives_isolated_accounts(run_emulator):
    first, second = 'BBFF-' + '1' * 30, 'BBFF-' + '2' * 30
    emulator = run_emulator('--token', first, '--token', second, env={'UBIDOTS_TOKEN': 'BBFF-' + '3' * 30})
    assert post(emulator.base_url, ORGS, first, json={'label': 'acme'}).status_code == 201
    assert get(emulator.base_url, ORGS, second).json()['count'] == 0
    assert get(emulator.base_url, ORGS, first).json()['count'] == 1
    # --token wins over the environment.
    assert get(emulator.base_url, ORGS, 'BBFF-' + '3' * 30).status_code == 401


def test_switches_reach_the_config(run_emulator):
    emulator = run_emulator('--token', 'BBFF-' + 's' * 30, '--hide-token-keys', '--rate-limit', '2/1', '--latency-ms', '5',
                            '--fault-rate', '0.25', '--fault-kinds', '500,drop', '--slow-ms', '10', '--seed', '42')
    config = requests.get(emulator.base_url + '/_emulator/config', timeout=10).json()
    assert config == {'hide_token_keys': True, 'latency_ms': 5, 'slow_ms': 10, 'fault_rate': 0.25, 'fault_kinds': ['500', 'drop'],
                      'rate_limit': '2/1', 'seed': 42}


def test_fault_switches_take_effect(run_emulator):
    token = 'BBFF-' + 'f' * 30
    emulator = run_emulator('--token', token, '--fault-rate', '1', '--fault-kinds', '503')
    assert get(emulator.base_url, ORGS, token).status_code == 503


@pytest.mark.parametrize('args', [['--rate-limit', 'fast'], ['--fault-kinds', 'boom'], ['--fault-rate', '1.5'], ['--latency-ms', '-3']])
def test_bad_options_exit_2(args):
    env = dict(os.environ, PYTHONPATH=EMULATOR_ROOT)
    result = subprocess.run([sys.executable, '-m', 'ubidots_emulator', '--port', '0'] + args, env=env, timeout=30, check=False,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
    assert result.returncode == 2
    assert 'usage: ubidots-emulator' in result.stderr


def _populate(base_url, token):
    """An organization with a role, a token and one stored value; returns the token's key."""
    assert post(base_url, ORGS, token, json={'label': 'acme', 'properties': {'k': 'v'}}).status_code == 201
    permissions = ['add_device', 'add_variable', 'add_value', 'view_value']
    assert post(base_url, '/api/v2.0/api_roles/', token, json={'name': 'Writer', 'permissions': permissions}).status_code == 201
    created = post(base_url, ORGS + '~acme/tokens/', token, json={'name': 'edge', 'apiRole': '~writer'})
    assert created.status_code == 201
    key = created.json()['key']
    assert post(base_url, '/api/v1.6/devices/sensor', key, json={'temp': 21.5}).status_code == 200
    return key


def test_state_file_keeps_everything_across_a_restart(run_emulator, tmp_path):
    state = str(tmp_path / 'state.sqlite')
    token = 'BBFF-' + 'p' * 30
    first = run_emulator('--token', token, '--state-file', state)
    key = _populate(first.base_url, token)
    before = get(first.base_url, ORGS + '~acme', token).json()
    assert first.stop() == 0

    second = run_emulator('--token', token, '--state-file', state)
    after = get(second.base_url, ORGS + '~acme', token).json()
    assert after == dict(before, url=after['url'], app=None) and after['url'].endswith('/api/v2.0/organizations/' + before['id'])
    assert after['devicesCount'] == 1
    assert get(second.base_url, '/api/v2.0/api_roles/~writer', token).json()['permissions'][0]['label'] == 'add_device'
    tokens = get(second.base_url, ORGS + '~acme/tokens/', token).json()
    assert [item['key'] for item in tokens['results']] == [key]
    assert get(second.base_url, '/api/v1.6/devices/sensor/temp/lv', key).json() == 21.5
    assert second.stop() == 0

    # Without any token, the stored accounts are reused and their tokens printed.
    third = run_emulator('--state-file', state)
    assert TOKEN_LINE.match(third.next_line()).group(1) == token
    assert get(third.base_url, ORGS, token).json()['count'] == 1


def test_state_file_keeps_users_roles_memberships_and_invitations(run_emulator, tmp_path):
    state = str(tmp_path / 'state.sqlite')
    token = 'BBFF-' + 'u' * 30
    first = run_emulator('--token', token, '--state-file', state)
    base = first.base_url
    assert post(base, ORGS, token, json={'label': 'acme'}).status_code == 201
    assert post(base, '/api/v2.0/roles/', token, json={'name': 'Ops', 'permissions': ['view_report']}).status_code == 201
    alice = {'username': 'alice', 'email': 'alice@example.com', 'password': 'kept-secret-1', 'tags': ['b', 'a']}
    assert post(base, '/api/v2.0/users/', token, json=alice).status_code == 201
    invitation = {'subject': 's', 'message': 'm', 'ubiAppId': 'app', 'expires': 3, 'resetPassword': False}
    assigned = post(base, '/api/v2.0/users/~alice/_/assign_organizations/', token, json=[{'label': 'acme', 'role': 'ops', 'invitation': invitation}])
    assert assigned.status_code == 200
    patched = requests.patch(base + '/api/v2.0/users/~alice', headers={'X-Auth-Token': token}, json={'defaultOrganization': '~acme'}, timeout=10)
    assert patched.status_code == 200
    before = get(base, '/api/v2.0/users/~alice?fields=id,username,tags,properties,defaultOrganization,organizations', token).json()
    roles_before = get(base, '/api/v2.0/roles/', token).json()['results']
    invitations_before = requests.get(base + '/_emulator/invitations', params={'token': token}, timeout=10).json()
    assert invitations_before['count'] == 1
    assert first.stop() == 0
    with open(state, 'rb') as handle:
        assert b'kept-secret-1' not in handle.read()

    second = run_emulator('--token', token, '--state-file', state)
    base = second.base_url
    after = get(base, '/api/v2.0/users/~alice?fields=id,username,tags,properties,defaultOrganization,organizations', token).json()
    assert after['id'] == before['id'] and after['tags'] == ['b', 'a'] and after['properties'] == before['properties']
    assert after['defaultOrganization']['label'] == 'acme' and [(item['label'], item['role']['label']) for item in after['organizations']] == [('acme', 'ops')]
    roles_after = get(base, '/api/v2.0/roles/', token).json()['results']
    assert [(role['label'], role['createdAt']) for role in roles_after] == [(role['label'], role['createdAt']) for role in roles_before]
    assert get(base, ORGS + '~acme', token).json()['usersCount'] == 1
    assert requests.get(base + '/_emulator/invitations', params={'token': token}, timeout=10).json() == invitations_before
    assert second.stop() == 0

    # A state file whose account lacks the built-in roles (written before they existed) gets them at startup.
    connection = sqlite3.connect(state)
    with connection:
        connection.execute("DELETE FROM user_roles WHERE builtin = 1")
    connection.close()
    third = run_emulator('--token', token, '--state-file', state)
    assert [role['label'] for role in get(third.base_url, '/api/v2.0/roles/', token).json()['results']] == ['dashboards-viewer', 'viewer', 'ops']


def test_without_state_file_a_restart_starts_empty(run_emulator):
    token = 'BBFF-' + 'm' * 30
    first = run_emulator('--token', token)
    assert post(first.base_url, ORGS, token, json={'label': 'acme'}).status_code == 201
    assert first.stop() == 0
    second = run_emulator('--token', token)
    assert get(second.base_url, ORGS, token).json()['count'] == 0


@pytest.mark.skipif(not shutil.which('make') or not os.path.exists(os.path.join(REPO_ROOT, 'Makefile')), reason='needs make and the repo')
def test_make_emulator(run_emulator):
    token = 'BBFF-' + 'k' * 30
    emulator = run_emulator(command=['make', '--no-print-directory', '-s', 'emulator', 'PORT=0'], cwd=REPO_ROOT, env={'UBIDOTS_TOKEN': token})
    assert emulator.base_url.startswith('http://127.0.0.1:')
    assert get(emulator.base_url, ORGS, token).status_code == 200
    emulator.stop()  # make itself reports the signal; the emulator under it must stop cleanly
    assert 'Ubidots emulator stopped' in emulator.output
    assert not any(token in line for line in emulator.output)
