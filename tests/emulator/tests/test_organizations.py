# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Section 3 of the contract: organizations."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

import pytest

ORGS = '/api/v2.0/organizations/'
APP_ID = '5dfa39901a9ca53020c6938d'
ID = re.compile(r'^[0-9a-f]{24}$')
TIMESTAMP = re.compile(r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$')
FIELDS = ['id', 'url', 'label', 'name', 'description', 'properties', 'isActive', 'app', 'favicon', 'logo',
          'createdAt', 'devicesCount', 'usersCount', 'limits']


def validation(detail):
    return {'code': 400001, 'message': 'Validation Error.', 'detail': detail}


def expected_limits(devices=0, variables=0, dots=0):
    kinds = [('devices', 'Devices', 'hdd-o', devices), ('emails', 'Emails', 'envelope', 0), ('variables', 'Variables', 'signal', variables),
             ('users', 'Users', 'users', 0), ('dots', 'Dots', 'spinner', dots), ('sms', 'SMS', 'mobile-phone', 0), ('voice', 'Voice', None, 0)]
    return [{'type': kind, 'name': name, 'icon': icon, 'actual_value': value, 'max_value': '*'} for kind, name, icon, value in kinds]


def test_post_fills_every_default(api):
    response = api.post(ORGS, json={'label': 'acme'})
    assert response.status_code == 201
    org = response.json()
    assert list(org) == FIELDS
    assert ID.match(org['id'])
    assert org['url'] == '%s/api/v2.0/organizations/%s' % (api.base_url, org['id'])
    assert TIMESTAMP.match(org['createdAt'])
    assert {key: org[key] for key in FIELDS if key not in ('id', 'url', 'createdAt')} == {
        'label': 'acme', 'name': 'acme', 'description': '', 'properties': {}, 'isActive': True, 'app': None,
        'favicon': None, 'logo': None, 'devicesCount': 0, 'usersCount': 0, 'limits': expected_limits(),
    }
    assert len(org['limits']) == 7


def test_get_by_id_and_by_label_give_the_same_object(api):
    created = api.create_org('acme', name='Acme Inc.', description='d', properties={'tier': 1}, isActive=False)
    by_id = api.get(ORGS + created['id'] + '/')
    by_label = api.get(ORGS + '~acme')
    assert by_id.status_code == by_label.status_code == 200
    assert by_id.json() == by_label.json() == created
    assert created['name'] == 'Acme Inc.' and created['properties'] == {'tier': 1} and created['isActive'] is False


def test_url_uses_the_host_the_request_arrived_on(api):
    org = api.create_org('acme')
    other = api.get(ORGS + '~acme', headers={'Host': 'emulator.example:9999'}).json()
    assert other['url'] == 'http://emulator.example:9999/api/v2.0/organizations/%s' % org['id']
    assert not other['url'].endswith('/')


def test_label_is_required_on_post(api):
    response = api.post(ORGS, json={'name': 'No label'})
    assert response.status_code == 400
    assert response.json() == validation({'label': ['This field is required.']})


@pytest.mark.parametrize('label', ['', 'has space', 'x' * 101, 'bad/slash', 'ümlaut', 12])
def test_label_rule_violations(api, label):
    response = api.post(ORGS, json={'label': label})
    assert response.status_code == 400
    assert list(response.json()['detail']) == ['label']
    assert response.json()['code'] == 400001


@pytest.mark.parametrize('label', ['a', 'A-Z_a.z:0-9', 'x' * 100])
def test_label_rule_accepts(api, label):
    assert api.post(ORGS, json={'label': label}).status_code == 201


def test_label_is_unique_and_case_sensitive(api):
    api.create_org('acme')
    duplicate = api.post(ORGS, json={'label': 'acme'})
    assert duplicate.status_code == 400
    assert duplicate.json() == validation({'label': ['This label is already in use.']})
    assert api.post(ORGS, json={'label': 'ACME'}).status_code == 201


def test_renaming_onto_a_taken_label_is_refused(api):
    api.create_org('one')
    api.create_org('two')
    response = api.patch(ORGS + '~two/', json={'label': 'one'})
    assert response.status_code == 400
    assert response.json() == validation({'label': ['This label is already in use.']})
    assert api.patch(ORGS + '~two/', json={'label': 'two'}).status_code == 200


def test_validation_reports_only_the_offending_keys(api):
    response = api.post(ORGS, json={'label': 'ok', 'name': 5, 'properties': [1], 'isActive': 'yes', 'description': 'fine'})
    assert response.status_code == 400
    assert response.json() == validation({
        'name': ['Not a valid string.'],
        'properties': ['Expected a dictionary of items but got type "list".'],
        'isActive': ['Must be a valid boolean.'],
    })


def test_read_only_and_unknown_fields_are_ignored(api):
    response = api.post(ORGS, json={'label': 'acme', 'id': 'f' * 24, 'url': 'x', 'createdAt': 'x', 'devicesCount': 9,
                                    'limits': [], 'unknown': 1})
    assert response.status_code == 201
    org = response.json()
    assert org['id'] != 'f' * 24 and org['devicesCount'] == 0 and len(org['limits']) == 7 and 'unknown' not in org


def test_put_resets_omitted_fields_and_patch_keeps_them(api):
    api.create_org('acme', name='Acme', description='desc', properties={'a': 1}, isActive=False, app='~my_application')
    patched = api.patch(ORGS + '~acme/', json={'description': 'new'})
    assert patched.status_code == 200
    assert patched.json()['name'] == 'Acme' and patched.json()['properties'] == {'a': 1} and patched.json()['isActive'] is False
    assert patched.json()['app']['id'] == APP_ID and patched.json()['description'] == 'new'
    put = api.put(ORGS + '~acme/', json={'label': 'acme2'})
    assert put.status_code == 200
    body = put.json()
    assert (body['label'], body['name'], body['description'], body['properties'], body['isActive'], body['app']) == ('acme2', 'acme2', '', {}, True, None)
    assert api.get(ORGS + '~acme2').json() == body
    assert api.get(ORGS + '~acme').status_code == 404


def test_put_requires_label(api):
    api.create_org('acme')
    response = api.put(ORGS + '~acme', json={'name': 'x'})
    assert response.status_code == 400
    assert response.json() == validation({'label': ['This field is required.']})


def test_app_by_id_or_label_and_unknown_app(api):
    org = api.create_org('acme', app=APP_ID)
    assert org['app'] == {'id': APP_ID, 'label': 'my_application', 'name': 'Ubidots App of Me',
                          'url': '%s/api/v2.0/apps/%s' % (api.base_url, APP_ID)}
    assert api.patch(ORGS + '~acme', json={'app': None}).json()['app'] is None
    assert api.patch(ORGS + '~acme', json={'app': '~my_application'}).json()['app']['id'] == APP_ID
    response = api.patch(ORGS + '~acme', json={'app': '~nope'})
    assert response.status_code == 400
    assert list(response.json()['detail']) == ['app']


def test_delete_returns_204_and_removes(api):
    api.create_org('acme')
    response = api.delete(ORGS + '~acme/')
    assert response.status_code == 204
    assert response.content == b''
    assert api.get(ORGS + '~acme/').status_code == 404
    assert api.delete(ORGS + '~acme/').status_code == 404


def test_delete_removes_tokens_and_devices(api):
    api.create_org('acme')
    role = api.create_role('writer', ['add_value', 'add_device', 'add_variable'])
    token = api.create_token('~acme', role['id'])
    writer = api.as_token(token['key'])
    assert writer.post('/api/v1.6/devices/sensor/', json={'t': 1}).status_code == 200
    assert api.delete(ORGS + '~acme').status_code == 204
    assert writer.get('/api/v1.6/devices/sensor/t/lv').status_code == 401
    assert writer.get('/api/v1.6/devices/sensor/t/lv').json()['code'] == 401002
    assert api.get('/api/v1.6/devices/sensor/t/lv').status_code == 404
    assert api.delete('/api/v2.0/api_roles/%s' % role['id']).status_code == 204


def test_limits_and_counts_follow_the_organizations_data(api):
    api.create_org('acme')
    role = api.create_role('writer', ['add_value', 'add_device', 'add_variable'])
    writer = api.as_token(api.create_token('~acme', role['id'])['key'])
    assert writer.post('/api/v1.6/devices/d1', json={'a': 1, 'b': 2}).status_code == 200
    assert writer.post('/api/v1.6/devices/d1', json={'a': 3}).status_code == 200
    assert writer.post('/api/v1.6/devices/d2', json={'a': 4}).status_code == 200
    assert api.post('/api/v1.6/devices/mine', json={'a': 4}).status_code == 200
    org = api.get(ORGS + '~acme').json()
    assert org['devicesCount'] == 2
    assert org['limits'] == expected_limits(devices=2, variables=3, dots=4)


def test_organization_devices_list(api):
    org = api.create_org('acme')
    role = api.create_role('writer', ['add_value', 'add_device', 'add_variable'])
    writer = api.as_token(api.create_token('~acme', role['id'])['key'])
    assert writer.post('/api/v1.6/devices/Sensor-1', json={'t': 1}).status_code == 200
    assert api.post('/api/v1.6/devices/not-in-org', json={'t': 1}).status_code == 200
    response = api.get(ORGS + '~acme/devices/')
    assert response.status_code == 200
    body = response.json()
    assert (body['count'], body['next'], body['previous']) == (1, None, None)
    device = body['results'][0]
    assert list(device) == ['id', 'url', 'label', 'name', 'organization', 'createdAt']
    assert device['url'] == '%s/api/v2.0/devices/%s' % (api.base_url, device['id'])
    assert (device['label'], device['name']) == ('sensor-1', 'sensor-1')
    assert device['organization'] == {'id': org['id'], 'label': 'acme', 'name': 'acme', 'url': org['url']}
    assert TIMESTAMP.match(device['createdAt'])
