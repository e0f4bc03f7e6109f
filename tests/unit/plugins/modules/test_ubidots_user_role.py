# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ubidots_user_role and its _info over a fake HTTP session: paths by plain label, readable permissions, built-ins."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.ubidots.cloud.plugins.module_utils import contract
from ansible_collections.ubidots.cloud.plugins.modules import ubidots_user_role, ubidots_user_role_info
from ansible_collections.ubidots.cloud.tests.unit.plugins.module_utils.fakes import FakeResponse, error_body, page, run_module

API = 'https://api.example.test'
ROLES = API + '/api/v2.0/roles/'


def user_role(label, codenames, name='Viewer'):
    return {'url': ROLES + label, 'label': label, 'name': name, 'description': '', 'isActive': True,
            'permissions': [contract.user_permission_read_form(c) for c in codenames], 'permissionsCount': len(codenames),
            'createdAt': '2026-11-22T14:05:55.471155Z'}


VIEWER = user_role('viewer', ['view_dashboard', 'view_widget', 'view_widget_data', 'view_device', 'view_variable'])


def calls(session):
    return [(c['method'], c['url']) for c in session.calls]


@pytest.mark.parametrize('readable, codenames, read_back', [
    ({'dashboards': ['read'], 'widgets': ['read'], 'widget_data': ['read']}, ['view_dashboard', 'view_widget', 'view_widget_data'],
     {'dashboards': ['read'], 'widgets': ['read'], 'widget_data': ['read']}),
    ({'events': ['all'], 'insight_data': 'read'}, ['add_event', 'change_event', 'delete_event', 'view_event', 'view_insightpg_data'],
     {'events': ['create', 'read', 'update', 'delete'], 'insight_data': ['read']}),
    ({'reports': [], 'users': ['create']}, ['add_user'], {'users': ['create']}),
])
def test_readable_permissions_translate_both_ways(readable, codenames, read_back):
    assert contract.user_permissions_to_codenames(readable) == codenames
    assert contract.user_codenames_to_permissions(codenames) == read_back


@pytest.mark.parametrize('bad, message', [
    ({'dashboard': ['read']}, "permissions: unknown entity 'dashboard'"),
    ({'widget_data': ['update']}, 'permissions.widget_data: only read is possible; got update.'),
    ({'devices': ['view']}, "permissions.devices: unknown action 'view'"),
])
def test_bad_permissions_name_what_is_wrong(bad, message):
    with pytest.raises(ValueError) as err:
        contract.user_permissions_to_codenames(bad)
    assert message in str(err.value)


def test_create_posts_the_derived_label_and_codenames_by_plain_label_paths(monkeypatch, capsys):
    made = user_role('plant-operator', ['view_dashboard', 'view_widget_data'], name='Plant operator')
    args = {'name': 'Plant operator', 'permissions': {'dashboards': ['read'], 'widget_data': ['read']}}
    result, session = run_module(monkeypatch, capsys, ubidots_user_role, args, page([VIEWER]), FakeResponse(201, made), diff=True)
    assert calls(session) == [('GET', ROLES), ('POST', ROLES)]
    assert session.calls[1]['json'] == {'label': 'plant-operator', 'name': 'Plant operator',
                                        'permissions': ['view_dashboard', 'view_widget_data']}
    assert result['action'] == 'created' and result['role']['permissions'] == {'dashboards': ['read'], 'widget_data': ['read']}


def test_an_update_patches_by_label_since_a_user_role_has_no_id(monkeypatch, capsys):
    current = user_role('plant-operator', ['view_dashboard'], name='Plant operator')
    result, session = run_module(monkeypatch, capsys, ubidots_user_role, {'label': 'plant-operator', 'description': 'new'},
                                 page([current]), FakeResponse(200, dict(current, description='new')))
    assert calls(session) == [('GET', ROLES), ('PATCH', ROLES + 'plant-operator/')]
    assert result['action'] == 'updated'


def test_a_built_in_role_can_be_read_but_not_changed(monkeypatch, capsys):
    result, session = run_module(monkeypatch, capsys, ubidots_user_role, {'label': 'viewer'}, page([VIEWER]))
    assert result['action'] == 'unchanged' and result['role']['label'] == 'viewer'
    result, session = run_module(monkeypatch, capsys, ubidots_user_role,
                                 {'label': 'viewer', 'permissions': {'dashboards': ['read']}}, page([VIEWER]))
    assert result['failed'] is True and calls(session) == [('GET', ROLES)]
    assert result['msg'].startswith('label=viewer is a built-in user role')
    result, session = run_module(monkeypatch, capsys, ubidots_user_role, {'label': 'viewer', 'state': 'absent'})
    assert result['failed'] is True and session.calls == []


def test_a_role_in_use_is_not_deleted_and_says_by_how_many_users(monkeypatch, capsys):
    current = user_role('plant-operator', ['view_dashboard'])
    refusal = error_body(400, 'Validation Error.', {'non_field_errors': ['This role is in use by 3 users.']})
    result, session = run_module(monkeypatch, capsys, ubidots_user_role, {'label': 'plant-operator', 'state': 'absent'},
                                 page([current]), FakeResponse(400, refusal))
    assert result['failed'] is True and result['in_use'] is True and result['in_use_by_users'] == 3
    assert result['action'] == 'unchanged' and calls(session)[-1] == ('DELETE', ROLES + 'plant-operator/')


def test_info_marks_the_built_in_roles(monkeypatch, capsys):
    other = user_role('plant-operator', ['view_dashboard'])
    result, session = run_module(monkeypatch, capsys, ubidots_user_role_info, {}, page([other, VIEWER]))
    assert [(r['label'], r['builtin']) for r in result['roles']] == [('plant-operator', False), ('viewer', True)]
    assert result['roles'][1]['permissions']['widget_data'] == ['read']
