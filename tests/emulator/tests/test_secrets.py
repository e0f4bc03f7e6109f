# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""GET /_emulator/secrets: every account token and token key handed out or received, for the whole run."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest
import requests

from ubidots_emulator.server import start_in_thread
from ubidots_emulator.store import Store

ORGS = '/api/v2.0/organizations/'


def secrets_of(control, account=None):
    response = requests.get(control.url('secrets'), params={'account': account} if account else None, timeout=10)
    assert response.status_code == 200, response.text
    listed = response.json()
    assert listed['count'] == len(listed['secrets'])
    return listed['secrets']


def test_new_accounts_and_token_keys_are_listed(api, account, control):
    api.create_org('acme')
    role = api.create_role('r', ['view_value'])
    first = api.create_token('~acme', role['id'], name='one')
    second = api.create_token('~acme', role['id'], name='two')
    mine = secrets_of(control, account['account'])
    assert mine == [
        {'account': account['account'], 'kind': 'admin_token', 'value': account['token']},
        {'account': account['account'], 'kind': 'token_key', 'value': first['key']},
        {'account': account['account'], 'kind': 'token_key', 'value': second['key']},
    ]
    every = secrets_of(control)
    assert all(entry in every for entry in mine) and len(every) > len(mine)


def test_a_chosen_account_token_is_a_secret(server, control):
    token = 'BBFF-' + 'Q' * 30
    created = control.new_account(token)
    assert secrets_of(control, created['account']) == [{'account': created['account'], 'kind': 'admin_token', 'value': token}]
    # The session's --token account is there from the start.
    assert {'kind': 'admin_token', 'value': server.tokens[0]} in [dict(kind=s['kind'], value=s['value']) for s in secrets_of(control)]


def test_deleted_tokens_and_a_reset_keep_the_secrets(api, account, control):
    api.create_org('acme')
    role = api.create_role('r', ['view_value'])
    token = api.create_token('~acme', role['id'])
    assert api.delete(ORGS + '~acme/tokens/%s/' % token['id']).status_code == 204
    assert requests.post(control.url('reset'), timeout=10).status_code == 204
    kinds = [(entry['kind'], entry['value']) for entry in secrets_of(control, account['account'])]
    assert kinds == [('admin_token', account['token']), ('token_key', token['key'])]


def test_hidden_keys_are_secrets_too(api, account, control):
    control.configure(hide_token_keys=True)
    api.create_org('acme')
    role = api.create_role('r', ['view_value'])
    key = api.create_token('~acme', role['id'])['key']
    assert ('token_key', key) in [(entry['kind'], entry['value']) for entry in secrets_of(control, account['account'])]


def test_a_refused_token_post_records_nothing(api, account, control):
    api.create_org('acme')
    assert api.post(ORGS + '~acme/tokens/', json={'name': 'x', 'apiRole': '~missing'}).status_code == 400
    assert [entry['kind'] for entry in secrets_of(control, account['account'])] == ['admin_token']


def test_the_secrets_endpoint_is_not_logged(api, control):
    api.get(ORGS)
    secrets_of(control)
    assert control.requests()['count'] == 1


def test_the_request_log_keeps_cleared_entries_for_all(api, control):
    api.get(ORGS + '?page_size=1')
    control.clear_requests()
    api.get(ORGS + '?page_size=2')
    assert [entry['query'] for entry in control.requests()['requests']] == [{'page_size': '2'}]
    everything = control.requests(all='true')['requests']
    assert [entry['query'] for entry in everything[-2:]] == [{'page_size': '1'}, {'page_size': '2'}]
    assert [entry['seq'] for entry in everything] == sorted(entry['seq'] for entry in everything)


def test_store_remember_secret(tmp_path):
    store = Store(str(tmp_path / 'state.sqlite'))
    store.remember_secret('a1', 'password', 'a-long-password-1')
    store.remember_secret('a1', 'password', 'a-long-password-1')
    with store.transaction():
        store.remember_secret('a2', 'token_key', 'k')
    for kind, value in (('nonsense', 'x'), ('password', ''), ('password', None)):
        with pytest.raises(ValueError):
            store.remember_secret('a1', kind, value)
    assert store.secrets() == [{'account': 'a2', 'kind': 'token_key', 'value': 'k'}, {'account': 'a1', 'kind': 'password', 'value': 'a-long-password-1'}]
    store.close()
    with open(str(tmp_path / 'state.sqlite'), 'rb') as state:
        assert b'a-long-password-1' not in state.read().replace(b'pwd', b'')  # a password is never written to the state file
    again = Store(str(tmp_path / 'state.sqlite'))
    assert again.secrets() == [{'account': 'a2', 'kind': 'token_key', 'value': 'k'}]  # passwords: this process only
    assert again.secrets('a1') == []
    again.close()


def test_a_state_file_from_before_gets_its_secrets_listed(tmp_path):
    state = str(tmp_path / 'state.sqlite')
    token = 'BBFF-' + 'w' * 30
    first = start_in_thread(tokens=[token], state_file=state)
    api_headers = {'X-Auth-Token': token}
    assert requests.post(first.base_url + ORGS, json={'label': 'acme'}, headers=api_headers, timeout=10).status_code == 201
    first.stop()
    # As an older emulator left it: accounts and tokens, no record of secrets.
    old = Store(state)
    with old.transaction():
        old.insert('tokens', {'account': old.select('accounts')[0]['id'], 'organization': 'o', 'role': 'r', 'name': 'n',
                              'key': 'BBFF-' + 'v' * 30, 'rate_limit': 1, 'rate_limit_window': 60})
        old.delete('secrets')
    old.close()
    second = start_in_thread(state_file=state)
    try:
        listed = requests.get(second.base_url + '/_emulator/secrets', timeout=10).json()
    finally:
        second.stop()
    assert sorted((entry['kind'], entry['value']) for entry in listed['secrets']) == [('admin_token', token), ('token_key', 'BBFF-' + 'v' * 30)]
