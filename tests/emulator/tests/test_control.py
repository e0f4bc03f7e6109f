# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The /_emulator/ control endpoints: request log, reset, accounts, config; account isolation."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

import requests

ORGS = '/api/v2.0/organizations/'


def test_request_log_entries(api, account, control):
    api.get(ORGS + '?page_size=5&token=' + api.token)
    api.post(ORGS, json={'label': 'acme'})
    api.get(ORGS, token='BBFF-' + 'x' * 30)
    log = control.requests()
    assert log['count'] == 3
    first, second, third = log['requests']
    assert first == {'seq': first['seq'], 'method': 'GET', 'path': ORGS, 'query': {'page_size': '5'}, 'status': 200,
                     'write': False, 'account': account['account'], 'token_kind': 'account', 'fault': None}
    assert (second['method'], second['status'], second['write'], second['account']) == ('POST', 201, True, account['account'])
    assert (third['status'], third['account'], third['token_kind']) == (401, None, None)
    assert first['seq'] < second['seq'] < third['seq']


def test_log_never_holds_a_token_or_key(api, control):
    api.create_org('acme')
    role = api.create_role('r', ['view_value'])
    token = api.create_token('~acme', role['id'])
    api.as_token(token['key']).get('/api/v1.6/devices/d/t/lv?token=' + token['key'])
    api.get(ORGS + '~' + token['key'])
    api.get(ORGS + '?name=' + api.token)
    text = json.dumps(control.requests())
    assert api.token not in text
    assert token['key'] not in text
    entries = control.requests()['requests']
    assert entries[-3]['token_kind'] == 'org' and entries[-3]['query'] == {}


def test_write_filter_counts_attempted_writes(api, control):
    api.get(ORGS)
    api.post(ORGS, json={})
    api.patch(ORGS + '~ghost', json={'name': 'x'})
    api.delete(ORGS + '~ghost')
    writes = control.requests(write='true')
    assert writes['count'] == 3
    assert [(entry['method'], entry['status']) for entry in writes['requests']] == [('POST', 400), ('PATCH', 404), ('DELETE', 404)]
    assert control.requests(write='false')['count'] == 1


def test_control_requests_are_not_logged_and_clearing_works(api, control):
    api.get(ORGS)
    control.configure(latency_ms=0)
    requests.get(control.url('config'), timeout=10)
    assert control.requests()['count'] == 1
    response = requests.delete(control.url('requests'), timeout=10)
    assert (response.status_code, response.content) == (204, b'')
    assert control.requests() == {'count': 0, 'requests': []}


def test_reset_deletes_every_object_but_keeps_accounts(api, other_api, control):
    api.create_org('acme')
    api.create_role('r')
    other_api.create_org('other')
    api.post('/api/v1.6/devices/d', json={'t': 1})
    response = requests.post(control.url('reset'), timeout=10)
    assert (response.status_code, response.content) == (204, b'')
    assert control.requests()['count'] == 0
    for client in (api, other_api):
        assert client.get(ORGS).json()['count'] == 0
        assert client.get('/api/v2.0/api_roles/').json()['count'] == 0
    assert api.get('/api/v1.6/devices/d/t/lv').status_code == 404
    assert api.create_org('again', app='~my_application')['app']['label'] == 'my_application'


def test_new_account_with_a_chosen_token(server, control):
    token = 'BBFF-' + 'C' * 30
    created = control.new_account(token)
    assert created['token'] == token
    assert len(created['account']) == 24
    assert requests.get(server.base_url + ORGS, headers={'X-Auth-Token': token}, timeout=10).status_code == 200
    again = requests.post(control.url('accounts'), json={'token': token}, timeout=10)
    assert again.status_code == 400
    assert requests.post(control.url('accounts'), json={'token': 'has space'}, timeout=10).status_code == 400


def test_generated_account_token_has_the_api_shape(control):
    created = control.new_account()
    assert created['token'].startswith('BBFF-') and len(created['token']) == 35 and created['token'][5:].isalnum()


def test_config_round_trip(control):
    config = requests.get(control.url('config'), timeout=10).json()
    assert config == {'hide_token_keys': False, 'latency_ms': 0, 'slow_ms': 5000, 'fault_rate': 0.0,
                      'fault_kinds': ['429', '500', '502', '503', 'drop', 'lost', 'slow'], 'rate_limit': None, 'seed': 0}
    changed = control.configure(hide_token_keys=True, rate_limit='4/1', fault_kinds='500,drop', seed=3)
    assert changed == dict(config, hide_token_keys=True, rate_limit='4/1', fault_kinds=['500', 'drop'], seed=3)
    assert control.configure(rate_limit=None)['rate_limit'] is None


def test_accounts_are_isolated(api, other_api):
    mine = api.create_org('acme')
    role = api.create_role('mine')
    token = api.create_token('~acme', role['id'])
    assert other_api.get(ORGS).json()['count'] == 0
    assert other_api.get('/api/v2.0/api_roles/').json()['count'] == 0
    for path in (ORGS + mine['id'], ORGS + '~acme', '/api/v2.0/api_roles/' + role['id'], '/api/v2.0/api_roles/~mine',
                 ORGS + mine['id'] + '/tokens/', ORGS + mine['id'] + '/tokens/' + token['id'], ORGS + mine['id'] + '/devices/'):
        assert other_api.get(path).status_code == 404, path
    assert other_api.delete(ORGS + mine['id']).status_code == 404
    assert other_api.patch('/api/v2.0/api_roles/' + role['id'], json={'name': 'x'}).status_code == 404
    # The same labels are free in another account.
    assert other_api.create_org('acme')['id'] != mine['id']
    assert other_api.create_role('mine')['id'] != role['id']
    assert api.get(ORGS + '~acme').json() == mine
    # A role of one account cannot back a token of another.
    response = other_api.post(ORGS + '~acme/tokens/', json={'name': 't', 'apiRole': role['id']})
    assert response.status_code == 400


def test_check_mode_style_count_of_writes(api, control):
    """The pattern integration tests use: read the log, prove nothing was written."""
    api.create_org('acme')
    control.clear_requests()
    api.get(ORGS + '~acme')
    api.get(ORGS + '?label=acme')
    assert control.requests(write='true')['count'] == 0
    assert control.requests()['count'] == 2
