# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ubidots_org_role and ubidots_org_role_info end to end over a fake HTTP session."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

from ansible_collections.ubidots.cloud.plugins.module_utils import contract
from ansible_collections.ubidots.cloud.plugins.modules import ubidots_org_role, ubidots_org_role_info
from ansible_collections.ubidots.cloud.tests.unit.plugins.module_utils.fakes import FakeResponse, error_body, page, run_module

API = 'https://api.example.test'
ROLES_URL = API + '/api/v2.0/api_roles/'
ROLE_ID = 'c' * 24


def role(label='read-only', codenames=('view_device', 'view_value'), **fields):
    obj = {'id': ROLE_ID, 'url': API + '/api/v2.0/api_roles/' + ROLE_ID, 'label': label, 'name': 'Read only',
           'description': '', 'permissions': [contract.permission_read_form(name) for name in codenames],
           'createdAt': '2026-11-22T14:05:55.471155Z'}
    obj.update(fields)
    return obj


def test_info_reads_every_page_and_shows_readable_permissions(monkeypatch, capsys):
    first = page([role('a', ('add_value', 'view_value'))], next_url=ROLES_URL + '?label__in=a%2Cb&page=2&page_size=1000')
    second = page([role('b', ())])
    result, session = run_module(monkeypatch, capsys, ubidots_org_role_info, {'label': ['a', 'b']}, first, second)
    assert [call['url'] for call in session.calls] == [ROLES_URL, ROLES_URL + '?label__in=a%2Cb&page=2&page_size=1000']
    assert session.calls[0]['params'] == {'label__in': 'a,b', 'page_size': 1000}
    assert result['changed'] is False
    assert [found['label'] for found in result['roles']] == ['a', 'b']
    assert result['roles'][0]['permissions'] == {'values': ['create', 'read']}
    assert result['roles'][0]['permission_codenames'] == ['add_value', 'view_value']
    assert result['roles'][0]['created_at'] == '2026-11-22T14:05:55.471155Z'
    assert result['roles'][1]['permissions'] == {} and result['roles'][1]['permission_codenames'] == []


def test_same_permissions_in_another_order_make_one_request(monkeypatch, capsys):
    args = {'label': 'read-only', 'permissions': {'values': ['read', 'read'], 'devices': ['read']}}
    result, session = run_module(monkeypatch, capsys, ubidots_org_role, args, page([role()]), diff=True)
    assert [call['method'] for call in session.calls] == ['GET']
    assert session.calls[0]['url'] == ROLES_URL  # the account's roles, read once (a scope read)
    assert result['changed'] is False
    assert result['diff']['before'] == result['diff']['after'] == {
        'label': 'read-only', 'permissions': {'devices': ['read'], 'values': ['read']}}


def test_update_sends_only_the_sorted_codenames(monkeypatch, capsys):
    args = {'name': 'Read only', 'permissions': {'devices': ['all']}}
    updated = role(codenames=('add_device', 'change_device', 'delete_device', 'view_device'))
    result, session = run_module(monkeypatch, capsys, ubidots_org_role, args, page([role()]), FakeResponse(200, updated))
    assert [call['method'] for call in session.calls] == ['GET', 'PATCH']
    assert session.calls[1]['url'] == ROLES_URL + ROLE_ID + '/'
    assert session.calls[1]['json'] == {'permissions': ['add_device', 'change_device', 'delete_device', 'view_device']}
    assert result['changed'] is True
    assert result['role']['permissions'] == {'devices': ['create', 'read', 'update', 'delete']}


def test_check_mode_create_predicts_with_the_derived_label(monkeypatch, capsys):
    args = {'name': 'Read only', 'permissions': {'devices': ['read']}}
    result, session = run_module(monkeypatch, capsys, ubidots_org_role, args, page([role('other')]),
                                 check_mode=True, diff=True)
    assert [(call['method'], call['url']) for call in session.calls] == [('GET', ROLES_URL)]
    assert result['changed'] is True
    assert result['role']['label'] == 'read-only' and result['role']['id'] == '(known after apply)'
    assert result['role']['permission_codenames'] == ['view_device']
    assert result['diff']['after'] == {'label': 'read-only', 'name': 'Read only', 'description': '',
                                       'permissions': {'devices': ['read']}}


def test_bad_permissions_fail_before_any_request(monkeypatch, capsys):
    args = {'label': 'read-only', 'permissions': {'devices': ['read'], 'values': ['write']}}
    result, session = run_module(monkeypatch, capsys, ubidots_org_role, args)
    assert session.calls == []
    assert result['failed'] is True
    assert result['msg'] == "permissions.values: unknown action 'write'; use create, read, update, delete or all."


def test_deleting_a_role_in_use_says_which_role_and_that_nothing_changed(monkeypatch, capsys):
    refusal = error_body(400, 'Validation Error.', {'non_field_errors': ['This role is in use by 2 tokens.']})
    result, session = run_module(monkeypatch, capsys, ubidots_org_role, {'label': 'read-only', 'state': 'absent'},
                                 page([role()]), FakeResponse(400, refusal))
    assert [call['method'] for call in session.calls] == ['GET', 'DELETE']
    assert result['failed'] is True and not result.get('changed')
    assert result['msg'].startswith('API role "read-only": not deleted, nothing was changed: DELETE /api/v2.0/api_roles/')
    assert 'This role is in use by 2 tokens.' in result['msg']
    assert result['status'] == 400 and result['api_code'] == 400001
    assert result['in_use'] is True and result['in_use_by_tokens'] == 2 and result['action'] == 'unchanged'


def test_creating_without_a_name_fails_without_writing(monkeypatch, capsys):
    result, session = run_module(monkeypatch, capsys, ubidots_org_role, {'label': 'nameless'}, page([]))
    assert [call['method'] for call in session.calls] == ['GET']
    assert result['msg'] == 'name is required to create API role "nameless": it does not exist yet.'


# --- roles: several roles in one task --------------------------------------------------------------------------
def set_args(**extra):
    return dict({'roles': [{'name': 'Read only', 'permissions': {'devices': ['read'], 'values': ['read']}},
                           {'label': 'writer', 'name': 'Writer', 'permissions': {'values': ['create']}}]}, **extra)


def test_a_set_reads_the_roles_once_and_reports_each_role_and_the_undeclared_ones(monkeypatch, capsys):
    existing = [role('read-only', ('view_device', 'view_value')), role('old', (), id='d' * 24)]
    made = role('writer', ('add_value',), id='e' * 24, name='Writer')
    result, session = run_module(monkeypatch, capsys, ubidots_org_role, set_args(), page(existing), FakeResponse(201, made),
                                 diff=True)
    assert [(call['method'], call['url']) for call in session.calls] == [('GET', ROLES_URL), ('POST', ROLES_URL)]
    assert [(r['label'], r['action']) for r in result['roles']] == [('read-only', 'unchanged'), ('writer', 'created')]
    assert result['undeclared_roles'] == ['old'] and result['changed'] is True and result['action'] == 'updated'
    assert result['diff']['after']['roles']['writer']['permissions'] == {'values': ['create']}
    assert 'role' not in result


def test_a_set_in_check_mode_predicts_and_writes_nothing(monkeypatch, capsys):
    result, session = run_module(monkeypatch, capsys, ubidots_org_role, set_args(), page([]), check_mode=True)
    assert [call['method'] for call in session.calls] == ['GET']
    assert [(r['label'], r['action']) for r in result['roles']] == [('read-only', 'created'), ('writer', 'created')]
    assert result['check_mode'] is True and result['undeclared_roles'] == []


def test_exclusive_deletes_undeclared_roles_and_keeps_one_in_use(monkeypatch, capsys):
    existing = [role('read-only', ('view_device', 'view_value')), role('writer', ('add_value',), id='e' * 24, name='Writer'),
                role('old', (), id='d' * 24), role('busy', (), id='f' * 24)]
    refusal = error_body(400, 'Validation Error.', {'non_field_errors': ['This role is in use by 2 tokens.']})
    result, session = run_module(monkeypatch, capsys, ubidots_org_role, set_args(roles_exclusive=True), page(existing),
                                 FakeResponse(400, refusal), FakeResponse(204), diff=True)
    assert [(call['method'], call['url']) for call in session.calls] == [
        ('GET', ROLES_URL), ('DELETE', ROLES_URL + 'f' * 24 + '/'), ('DELETE', ROLES_URL + 'd' * 24 + '/')]
    entries = dict((r['label'], r) for r in result['roles'])
    assert entries['old']['action'] == 'deleted' and result['diff']['after']['roles']['old'] == {}
    assert entries['busy']['action'] == 'unchanged' and entries['busy']['in_use'] is True and entries['busy']['in_use_by_tokens'] == 2
    assert not result.get('failed') and result['changed'] is True
    warnings = json.dumps(result['warnings'])  # strings before ansible-core 2.19, structured after
    assert result['undeclared_roles'] == [] and 'busy' in warnings and 'not deleted, nothing was changed' in warnings


def test_a_set_refuses_twins_and_mixing_with_single_role_options_before_any_request(monkeypatch, capsys):
    twins = {'roles': [{'name': 'Read only'}, {'label': 'read-only', 'name': 'Again'}]}
    result, session = run_module(monkeypatch, capsys, ubidots_org_role, twins)
    assert session.calls == [] and result['msg'] == 'roles: the label read-only is given more than once.'
    result, session = run_module(monkeypatch, capsys, ubidots_org_role, set_args(label='x'))
    assert session.calls == [] and 'mutually exclusive' in result['msg']
    result, session = run_module(monkeypatch, capsys, ubidots_org_role, {'roles': [{'name': 'Bad', 'permissions': {'nope': ['read']}}]})
    assert session.calls == [] and result['failed'] is True and 'nope' in result['msg']


def test_a_set_item_without_label_or_name_is_refused_before_any_request(monkeypatch, capsys):
    result, session = run_module(monkeypatch, capsys, ubidots_org_role, {'roles': [{'permissions': {'devices': ['read']}}]})
    assert session.calls == [] and result['msg'] == 'roles: item 1 has neither label nor name.'


def test_a_set_refuses_a_missing_role_without_a_name_before_the_first_write(monkeypatch, capsys):
    args = {'roles': [{'label': 'writer', 'name': 'Writer', 'permissions': {'values': ['create']}}, {'label': 'ghost'}]}
    result, session = run_module(monkeypatch, capsys, ubidots_org_role, args, page([]))
    assert [call['method'] for call in session.calls] == ['GET']
    assert result['msg'] == 'roles: ghost does not exist, and a role needs a name to be created.'
