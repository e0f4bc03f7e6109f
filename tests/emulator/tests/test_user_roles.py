# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Section 8 of the contract: user roles, addressed by plain label, with two built-in ones per account."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

import pytest
import requests

ROLES = '/api/v2.0/roles/'
ACTIONS = ('add', 'view', 'change', 'delete')
MODELS = ('dashboard', 'widget', 'device', 'variable', 'devicegroup', 'event', 'report', 'user', 'organization')
GRID = ['%s_%s' % (action, model) for model in MODELS for action in ACTIONS]
WIDGET_DATA = {'label': 'view_widget_data', 'name': 'Can view widget data', 'model': 'widget'}
INSIGHT_DATA = {'label': 'view_insightpg_data', 'name': 'Can view insight data', 'model': 'insight'}
FIELDS = ['url', 'label', 'name', 'description', 'permissions', 'permissionsCount', 'isActive', 'createdAt']
TIMESTAMP = re.compile(r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$')
NOT_FOUND = {'code': 404001, 'message': 'Not found.', 'detail': 'Not found.'}


def validation(detail):
    return {'code': 400001, 'message': 'Validation Error.', 'detail': detail}


def read_form(codename):
    action, model = codename.split('_', 1)
    return {'label': codename, 'name': 'Can %s %s' % (action, model), 'model': model}


def labels(response):
    assert response.status_code == 200, response.text
    return [item['label'] for item in response.json()['results']]


def test_every_account_starts_with_the_two_built_in_roles(api):
    body = api.get(ROLES).json()
    assert body['count'] == 2
    dashboards, viewer = body['results']  # newest first: seeded in this order
    assert list(viewer) == FIELDS
    assert {key: viewer[key] for key in FIELDS if key != 'createdAt'} == {
        'url': api.base_url + ROLES + 'viewer', 'label': 'viewer', 'name': 'Viewer', 'description': '',
        'permissions': [read_form('view_dashboard'), read_form('view_widget'), read_form('view_device'), read_form('view_variable'), WIDGET_DATA],
        'permissionsCount': 5, 'isActive': True,
    }
    assert {key: dashboards[key] for key in FIELDS if key != 'createdAt'} == {
        'url': api.base_url + ROLES + 'dashboards-viewer', 'label': 'dashboards-viewer', 'name': 'Dashboards Viewer', 'description': '',
        'permissions': [read_form('view_dashboard'), read_form('view_widget'), WIDGET_DATA], 'permissionsCount': 3, 'isActive': True,
    }
    assert TIMESTAMP.match(viewer['createdAt']) and 'id' not in viewer
    assert api.get(ROLES + 'viewer/').json() == viewer
    assert api.get(ROLES + 'dashboards-viewer').json() == dashboards


def test_create_with_defaults(api):
    response = api.post(ROLES, json={'name': 'Plant Operators', 'permissions': ['view_device']})
    assert response.status_code == 201
    role = response.json()
    assert list(role) == FIELDS
    assert role['url'] == api.base_url + ROLES + 'plant-operators'
    assert (role['label'], role['name'], role['description'], role['permissions'], role['permissionsCount'], role['isActive']) == \
        ('plant-operators', 'Plant Operators', '', [read_form('view_device')], 1, True)
    assert api.get(ROLES + 'plant-operators').json() == role
    assert labels(api.get(ROLES)) == ['plant-operators', 'dashboards-viewer', 'viewer']


@pytest.mark.parametrize('name,slug', [('  Shift   Leads\t2 ', 'shift-leads-2'), ('R&D Team!', 'rd-team'), ('--Edge--', 'edge'), ('a.b:c_d', 'abc_d')])
def test_label_defaults_to_the_slug_of_the_name(api, name, slug):
    assert api.create_user_role(name)['label'] == slug


def test_explicit_label_and_read_only_fields(api):
    role = api.create_user_role('x', label='Team.A:1', isActive=False, permissionsCount=9, id='0' * 24, url='u')
    assert (role['label'], role['isActive'], role['permissionsCount']) == ('Team.A:1', True, 0)
    assert 'id' not in role


@pytest.mark.parametrize('body,detail', [
    ({'permissions': []}, {'name': ['This field is required.']}),
    ({'name': 'x'}, {'permissions': ['This field is required.']}),
    ({'name': ' ', 'permissions': []}, {'name': ['This field may not be blank.']}),
    ({'name': 'x', 'label': 'has space', 'permissions': []}, {'label': ['Enter a valid label: 1-100 characters among letters, digits and _ . : -']}),
    ({'name': 'x', 'label': 'a' * 101, 'permissions': []}, {'label': ['Enter a valid label: 1-100 characters among letters, digits and _ . : -']}),
    ({'name': 'x', 'label': 'viewer', 'permissions': []}, {'label': ['This label is already in use.']}),
    ({'name': 'Viewer', 'permissions': []}, {'label': ['This label is already in use.']}),
    ({'name': '!!!', 'permissions': []}, {'label': ['Enter a valid label: 1-100 characters among letters, digits and _ . : -']}),
    ({'name': 'x', 'permissions': 'view_device'}, {'permissions': ['Expected a list of items but got type "str".']}),
    ({'name': 'x', 'permissions': None}, {'permissions': ['This field may not be null.']}),
    ({'name': 'x', 'permissions': ['view_device', 'add_value']}, {'permissions': ['Unknown permission codename "add_value".']}),
    ({'name': 'x', 'permissions': ['view_insight']}, {'permissions': ['Unknown permission codename "view_insight".']}),
    ({'name': 'x', 'permissions': ['change_widget_data', 7]}, {'permissions': ['Unknown permission codename "change_widget_data".', 'Not a valid string.']}),
])
def test_create_validation(api, body, detail):
    response = api.post(ROLES, json=body)
    assert response.status_code == 400
    assert response.json() == validation(detail)


def test_catalogue_has_38_codenames_with_their_read_forms(api):
    everything = GRID + ['view_insightpg_data', 'view_widget_data']
    assert len(everything) == 38
    role = api.create_user_role('All', list(reversed(everything)) + ['view_widget'])
    assert role['permissionsCount'] == 38
    assert role['permissions'] == [read_form(codename) for codename in GRID] + [WIDGET_DATA, INSIGHT_DATA]


def test_permissions_collapse_and_order_is_irrelevant(api):
    first = api.create_user_role('A', ['view_report', 'add_user', 'view_report'])
    second = api.create_user_role('B', ['add_user', 'view_report'])
    assert first['permissions'] == second['permissions'] == [read_form('view_report'), read_form('add_user')]
    assert first['permissionsCount'] == 2


def test_user_roles_and_api_roles_are_separate_namespaces(api):
    api.create_role('Ops')
    role = api.create_user_role('Ops')
    assert role['label'] == 'ops'
    assert api.get('/api/v2.0/api_roles/').json()['count'] == 1
    assert labels(api.get(ROLES)) == ['ops', 'dashboards-viewer', 'viewer']


@pytest.mark.parametrize('path', ['~viewer', '~ops', 'VIEWER', 'nobody', '0123456789abcdef01234567'])
def test_only_the_plain_label_addresses_a_role(api, path):
    api.create_user_role('Ops')
    for method in ('GET', 'PATCH', 'DELETE'):
        response = api.request(method, ROLES + path + '/', json={'name': 'x'})
        assert response.status_code == 404, (method, path)
        assert response.json() == NOT_FOUND


def test_patch_changes_name_description_and_permissions_but_never_the_label(api):
    created = api.create_user_role('Ops', ['view_device'], description='d')
    response = api.patch(ROLES + 'ops/', json={'name': 'Operators', 'label': 'renamed', 'description': 'new',
                                               'permissions': ['view_widget_data', 'delete_event'], 'isActive': False})
    assert response.status_code == 200
    assert response.json() == dict(created, name='Operators', description='new', permissions=[read_form('delete_event'), WIDGET_DATA],
                                   permissionsCount=2)
    assert api.get(ROLES + 'renamed').status_code == 404
    assert api.get(ROLES + 'ops').json() == response.json()
    assert api.patch(ROLES + 'ops', json={}).json() == response.json()


@pytest.mark.parametrize('body,detail', [
    ({'name': ''}, {'name': ['This field may not be blank.']}),
    ({'description': None}, {'description': ['This field may not be null.']}),
    ({'permissions': ['view_nothing']}, {'permissions': ['Unknown permission codename "view_nothing".']}),
])
def test_patch_validation(api, body, detail):
    api.create_user_role('Ops', ['view_device'])
    response = api.patch(ROLES + 'ops', json=body)
    assert response.status_code == 400
    assert response.json() == validation(detail)
    assert api.get(ROLES + 'ops').json()['permissions'] == [read_form('view_device')]


@pytest.mark.parametrize('label', ['viewer', 'dashboards-viewer'])
def test_built_in_roles_cannot_be_changed_or_deleted(api, label):
    before = api.get(ROLES + label).json()
    refused = {'non_field_errors': ['Built-in roles cannot be changed.']}
    for response in (api.patch(ROLES + label, json={'name': 'Mine'}), api.patch(ROLES + label, json={}), api.delete(ROLES + label)):
        assert response.status_code == 400
        assert response.json() == validation(refused)
    assert api.get(ROLES + label).json() == before


def test_put_is_405(api):
    api.create_user_role('Ops')
    for path in (ROLES + 'ops/', ROLES + 'viewer', ROLES):
        response = api.put(path, json={'name': 'x', 'permissions': []})
        assert response.status_code == 405
        assert response.json() == {'code': 405001, 'message': 'Method "PUT" not allowed.', 'detail': 'Method "PUT" not allowed.'}


def test_delete_a_role_nobody_uses(api):
    api.create_user_role('Ops')
    response = api.delete(ROLES + 'ops')
    assert (response.status_code, response.content) == (204, b'')
    assert api.get(ROLES + 'ops').status_code == 404
    assert api.create_user_role('Ops')['label'] == 'ops'  # the label is free again


@pytest.mark.parametrize('query,expected', [
    ('label=viewer', ['viewer']),
    ('label__in=viewer,ops,nope', ['ops', 'viewer']),
    ('label__startswith=dash', ['dashboards-viewer']),
    ('name=Viewer', ['viewer']),
    ('name__icontains=VIEWER', ['dashboards-viewer', 'viewer']),
    ('name=viewer', []),
    ('description=x&unknown=1', ['ops', 'dashboards-viewer', 'viewer']),
])
def test_filters(api, query, expected):
    api.create_user_role('Ops', description='x')
    assert labels(api.get(ROLES + '?' + query)) == expected


def test_fields_on_list_and_detail(api):
    assert api.get(ROLES + '?fields=label,permissionsCount,nothing').json()['results'] == [
        {'label': 'dashboards-viewer', 'permissionsCount': 3}, {'label': 'viewer', 'permissionsCount': 5}]
    assert api.get(ROLES + 'viewer?fields=url,isActive').json() == {'url': api.base_url + ROLES + 'viewer', 'isActive': True}


def test_pagination(api):
    for index in range(3):
        api.create_user_role('r%d' % index)
    first = api.get(ROLES + '?page_size=2').json()
    assert (first['count'], [item['label'] for item in first['results']]) == (5, ['r2', 'r1'])
    assert first['next'] == api.base_url + ROLES + '?page_size=2&page=2'
    last = api.get(ROLES + '?page_size=2&page=3').json()
    assert ([item['label'] for item in last['results']], last['next']) == (['viewer'], None)
    assert last['previous'] == api.base_url + ROLES + '?page_size=2&page=2'
    assert api.get(ROLES + '?page_size=2&page=4').json() == {'code': 404001, 'message': 'Invalid page.', 'detail': 'Invalid page.'}


def test_accounts_are_isolated_and_reset_keeps_only_the_built_in_roles(api, other_api, control):
    api.create_user_role('Ops')
    assert labels(other_api.get(ROLES)) == ['dashboards-viewer', 'viewer']
    assert other_api.get(ROLES + 'ops').status_code == 404
    assert other_api.create_user_role('Ops')['label'] == 'ops'
    before = api.get(ROLES + 'viewer').json()
    assert requests.post(control.url('reset'), timeout=10).status_code == 204
    for client in (api, other_api):
        assert labels(client.get(ROLES)) == ['dashboards-viewer', 'viewer']
    assert api.get(ROLES + 'viewer').json() == before


def test_org_token_gets_403_on_user_paths(api):
    api.create_org('acme')
    key = api.create_token('~acme', api.create_role('r', ['view_value'])['id'], rateLimit=960, rateLimitWindow=3600)['key']
    denied = {'code': 403001, 'message': 'You do not have permission to perform this action.',
              'detail': 'You do not have permission to perform this action.'}
    org_api = api.as_token(key)
    for method, path in (('GET', ROLES), ('GET', ROLES + 'viewer'), ('POST', ROLES), ('DELETE', ROLES + 'nobody'),
                         ('GET', '/api/v2.0/users/'), ('POST', '/api/v2.0/users/'), ('GET', '/api/v2.0/users/~ghost'),
                         ('POST', '/api/v2.0/users/~ghost/_/assign_organizations/'), ('GET', '/api/v2.0/organizations/~acme/users/')):
        response = org_api.request(method, path, json={})
        assert (response.status_code, response.json()) == (403, denied), (method, path)
