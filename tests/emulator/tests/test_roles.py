# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Section 4 of the contract: organizational API roles."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

import pytest

ROLES = '/api/v2.0/api_roles/'
ACTIONS = ('add', 'view', 'change', 'delete')
MODELS = ('device', 'variable', 'value', 'devicegroup', 'event')
ALL_CODENAMES = ['%s_%s' % (action, model) for model in MODELS for action in ACTIONS]


def validation(detail):
    return {'code': 400001, 'message': 'Validation Error.', 'detail': detail}


def test_create_with_defaults(api):
    response = api.post(ROLES, json={'name': 'Read Only'})
    assert response.status_code == 201
    role = response.json()
    assert list(role) == ['id', 'url', 'label', 'name', 'description', 'permissions', 'createdAt']
    assert re.match(r'^[0-9a-f]{24}$', role['id'])
    assert role['url'] == '%s/api/v2.0/api_roles/%s' % (api.base_url, role['id'])
    assert (role['label'], role['name'], role['description'], role['permissions']) == ('read-only', 'Read Only', '', [])
    assert api.get(ROLES + '~read-only/').json() == role
    assert api.get(ROLES + role['id']).json() == role


@pytest.mark.parametrize('name,slug', [
    ('  Fleet   Viewers\t2 ', 'fleet-viewers-2'),
    ('Ops & Maintenance!', 'ops--maintenance'),  # the contract's steps, in its order
    ('keep_under-score', 'keep_under-score'),
    ('--Edge--', 'edge'),
    ('Dots.and:colons', 'dotsandcolons'),
])
def test_label_is_the_slug_of_the_name(api, name, slug):
    assert api.create_role(name)['label'] == slug


def test_explicit_label_follows_the_label_rule(api):
    assert api.create_role('x', label='Ops.Team:1')['label'] == 'Ops.Team:1'
    response = api.post(ROLES, json={'name': 'x', 'label': 'not valid'})
    assert response.status_code == 400
    assert list(response.json()['detail']) == ['label']


def test_slug_that_breaks_the_rule_or_is_taken(api):
    api.create_role('Viewer')
    taken = api.post(ROLES, json={'name': 'viewer'})
    assert taken.status_code == 400
    assert taken.json() == validation({'label': ['This label is already in use.']})
    empty = api.post(ROLES, json={'name': '!!!'})
    assert empty.status_code == 400
    assert list(empty.json()['detail']) == ['label']


def test_name_is_required_and_not_unique(api):
    response = api.post(ROLES, json={'description': 'x'})
    assert response.status_code == 400
    assert response.json() == validation({'name': ['This field is required.']})
    api.create_role('Same', label='one')
    assert api.create_role('Same', label='two')['name'] == 'Same'


def test_permissions_read_form_and_collapsing(api):
    role = api.create_role('r', ['view_devicegroup', 'add_value', 'view_devicegroup'])
    assert role['permissions'] == [
        {'label': 'add_value', 'name': 'Can add value', 'model': 'value'},
        {'label': 'view_devicegroup', 'name': 'Can view devicegroup', 'model': 'devicegroup'},
    ]


def test_all_twenty_codenames_are_accepted(api):
    role = api.create_role('all', reversed(ALL_CODENAMES))
    assert len(ALL_CODENAMES) == 20
    assert sorted(permission['label'] for permission in role['permissions']) == sorted(ALL_CODENAMES)
    assert all(permission['name'] == 'Can %s %s' % tuple(permission['label'].split('_', 1)) for permission in role['permissions'])


@pytest.mark.parametrize('codename', ['view_user', 'read_device', 'view_devices', 'VIEW_DEVICE', 'view'])
def test_unknown_codename_is_refused(api, codename):
    response = api.post(ROLES, json={'name': 'r', 'permissions': ['view_device', codename]})
    assert response.status_code == 400
    assert response.json()['code'] == 400001
    assert list(response.json()['detail']) == ['permissions']


def test_permissions_must_be_a_list(api):
    response = api.post(ROLES, json={'name': 'r', 'permissions': 'view_device'})
    assert response.status_code == 400
    assert response.json() == validation({'permissions': ['Expected a list of items but got type "str".']})


def test_put_resets_and_patch_keeps(api):
    api.create_role('Ops', ['view_device'], description='desc', label='ops')
    patched = api.patch(ROLES + '~ops', json={'name': 'Operators'}).json()
    assert (patched['label'], patched['name'], patched['description'], [p['label'] for p in patched['permissions']]) == \
        ('ops', 'Operators', 'desc', ['view_device'])
    put = api.put(ROLES + '~ops', json={'name': 'Ops again'})
    assert put.status_code == 200
    assert (put.json()['label'], put.json()['description'], put.json()['permissions']) == ('ops', '', [])
    missing = api.put(ROLES + '~ops', json={'description': 'x'})
    assert missing.status_code == 400
    assert missing.json() == validation({'name': ['This field is required.']})


def test_role_in_use_cannot_be_deleted_but_can_be_edited(api):
    api.create_org('acme')
    api.create_org('other')
    role = api.create_role('Used')
    api.create_token('~acme', role['id'])
    refused = api.delete(ROLES + '~used')
    assert refused.status_code == 400
    assert refused.json() == validation({'non_field_errors': ['This role is in use by 1 tokens.']})
    second = api.create_token('~other', '~used')
    assert api.delete(ROLES + '~used').json() == validation({'non_field_errors': ['This role is in use by 2 tokens.']})
    assert api.patch(ROLES + '~used', json={'permissions': ['view_value']}).status_code == 200
    assert api.delete('/api/v2.0/organizations/~acme').status_code == 204
    assert api.delete('/api/v2.0/organizations/~other/tokens/%s' % second['id']).status_code == 204
    assert api.delete(ROLES + '~used').status_code == 204
    assert api.get(ROLES + '~used').status_code == 404
