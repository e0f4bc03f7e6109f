# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Section 6 of the contract: v1.6 data endpoints and what an organizational token may do."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

DENIED = {'code': 403001, 'message': 'You do not have permission to perform this action.',
          'detail': 'You do not have permission to perform this action.'}
NOT_FOUND = {'code': 404001, 'message': 'Not found.', 'detail': 'Not found.'}
FULL_WRITE = ['add_device', 'add_variable', 'add_value', 'view_value']


def org_token(api, org_label, permissions, role_name=None):
    """A client holding the key of a new token of `org_label` whose role grants `permissions`.

    Its limit is 60 per minute: the default 4 per second would throttle these quick tests.
    """
    role = api.create_role(role_name or '%s-%s' % (org_label, '-'.join(permissions) or 'none'), permissions)
    token = api.create_token('~' + org_label, role['id'], rateLimit=60, rateLimitWindow=60)
    return api.as_token(token['key']), role


def test_account_token_posts_and_reads_last_value(api):
    response = api.post('/api/v1.6/devices/Weather-1/', json={'Temp': 21, 'hum': {'value': 40.5, 'timestamp': 1700000000000, 'context': {'a': 1}}})
    assert response.status_code == 200
    assert response.json() == {'temp': [{'status_code': 201}], 'hum': [{'status_code': 201}]}
    last = api.get('/api/v1.6/devices/weather-1/temp/lv')
    assert last.status_code == 200
    assert last.text == '21.0'
    assert last.json() == 21.0
    assert api.get('/api/v1.6/devices/WEATHER-1/HUM/lv/').json() == 40.5


def test_last_value_is_the_latest_timestamp(api):
    api.post('/api/v1.6/devices/d', json={'v': {'value': 2, 'timestamp': 2000}})
    api.post('/api/v1.6/devices/d', json={'v': {'value': 1, 'timestamp': 1000}})
    assert api.get('/api/v1.6/devices/d/v/lv').json() == 2.0
    api.post('/api/v1.6/devices/d', json={'v': 3})
    assert api.get('/api/v1.6/devices/d/v/lv').json() == 3.0


def test_unknown_device_or_variable_is_404(api):
    assert api.get('/api/v1.6/devices/nope/v/lv').json() == NOT_FOUND
    api.post('/api/v1.6/devices/d', json={'v': 1})
    response = api.get('/api/v1.6/devices/d/other/lv')
    assert response.status_code == 404
    assert response.json() == NOT_FOUND


@pytest.mark.parametrize('body,detail', [
    ({'v': 'hot'}, {'v': ['A valid number is required.']}),
    ({'v': True}, {'v': ['A valid number is required.']}),
    ({'v': {'timestamp': 1}}, {'v': ['A valid number is required.']}),
    ({'v': {'value': 1, 'timestamp': 'soon'}}, {'v': ['A valid integer is required.']}),
    ({'bad label': 1}, {'bad label': ['Enter a valid label: 1-100 characters among letters, digits and _ . : -']}),
    ({}, {'non_field_errors': ['Expected at least one variable.']}),
])
def test_invalid_values(api, body, detail):
    response = api.post('/api/v1.6/devices/d', json=body)
    assert response.status_code == 400
    assert response.json() == {'code': 400001, 'message': 'Validation Error.', 'detail': detail}
    assert api.get('/api/v1.6/devices/d/v/lv').status_code == 404


def test_help_article_example_read_only_token(api):
    """The help article's own example: a role that grants only read."""
    api.create_org('acme')
    writer, dummy = org_token(api, 'acme', FULL_WRITE)
    assert writer.post('/api/v1.6/devices/sensor', json={'temperature': 21}).status_code == 200
    reader, dummy = org_token(api, 'acme', ['view_value'])
    last = reader.get('/api/v1.6/devices/sensor/temperature/lv')
    assert (last.status_code, last.json()) == (200, 21.0)
    denied = reader.post('/api/v1.6/devices/sensor/', json={'temperature': 10})
    assert denied.status_code == 403
    assert denied.json() == DENIED
    assert reader.get('/api/v1.6/devices/sensor/temperature/lv').json() == 21.0


def test_org_token_gets_403_on_every_v2_path(api):
    org = api.create_org('acme')
    token_client, role = org_token(api, 'acme', FULL_WRITE)
    for method, path in [('GET', '/api/v2.0/organizations/'), ('GET', '/api/v2.0/organizations/%s/' % org['id']),
                         ('GET', '/api/v2.0/organizations/~ghost/'), ('POST', '/api/v2.0/api_roles/'),
                         ('DELETE', '/api/v2.0/api_roles/%s' % role['id']), ('GET', '/api/v2.0/nowhere'),
                         ('PUT', '/api/v2.0/organizations/')]:
        response = token_client.request(method, path, json={'label': 'x', 'name': 'x'})
        assert response.status_code == 403, (method, path)
        assert response.json() == DENIED
    assert api.get('/api/v2.0/api_roles/%s' % role['id']).status_code == 200


def test_each_codename_is_needed(api):
    api.create_org('acme')
    only_value, dummy = org_token(api, 'acme', ['add_value'])
    assert only_value.post('/api/v1.6/devices/new-device', json={'t': 1}).json() == DENIED
    device_no_variable, dummy = org_token(api, 'acme', ['add_value', 'add_device'])
    assert device_no_variable.post('/api/v1.6/devices/new-device', json={'t': 1}).json() == DENIED
    full, dummy = org_token(api, 'acme', ['add_value', 'add_device', 'add_variable'])
    assert full.post('/api/v1.6/devices/new-device', json={'t': 1}).status_code == 200
    # Existing device and variable: add_value is enough; a new variable needs add_variable.
    assert only_value.post('/api/v1.6/devices/new-device', json={'t': 2}).status_code == 200
    assert only_value.post('/api/v1.6/devices/new-device', json={'t': 3, 'new': 1}).json() == DENIED
    assert device_no_variable.post('/api/v1.6/devices/new-device', json={'new': 1}).status_code == 403
    assert api.get('/api/v1.6/devices/new-device/t/lv').json() == 2.0
    assert only_value.get('/api/v1.6/devices/new-device/t/lv').json() == DENIED
    assert api.get('/api/v1.6/devices/new-device/new/lv').status_code == 404


def test_refused_write_stores_nothing(api):
    api.create_org('acme')
    no_variable, dummy = org_token(api, 'acme', ['add_value', 'add_device'])
    assert no_variable.post('/api/v1.6/devices/fresh', json={'t': 1}).status_code == 403
    assert api.get('/api/v2.0/organizations/~acme/devices/').json()['count'] == 0


def test_role_changes_apply_at_once(api):
    api.create_org('acme')
    client, role = org_token(api, 'acme', ['view_value'], role_name='mutable')
    assert client.post('/api/v1.6/devices/d', json={'t': 1}).status_code == 403
    assert api.patch('/api/v2.0/api_roles/~mutable', json={'permissions': FULL_WRITE}).status_code == 200
    assert client.post('/api/v1.6/devices/d', json={'t': 1}).status_code == 200
    assert api.patch('/api/v2.0/api_roles/~mutable', json={'permissions': []}).status_code == 200
    assert client.get('/api/v1.6/devices/d/t/lv').json() == DENIED


def test_devices_land_in_the_tokens_organization(api):
    acme = api.create_org('acme')
    client, dummy = org_token(api, 'acme', FULL_WRITE)
    assert client.post('/api/v1.6/devices/in-acme', json={'t': 1}).status_code == 200
    devices = api.get('/api/v2.0/organizations/~acme/devices/').json()['results']
    assert [(device['label'], device['organization']['id']) for device in devices] == [('in-acme', acme['id'])]


def test_device_of_another_organization_is_403(api):
    api.create_org('acme')
    api.create_org('other')
    acme_client, dummy = org_token(api, 'acme', FULL_WRITE)
    other_client, dummy = org_token(api, 'other', FULL_WRITE)
    assert acme_client.post('/api/v1.6/devices/shared-name', json={'t': 1}).status_code == 200
    assert other_client.post('/api/v1.6/devices/shared-name', json={'t': 2}).json() == DENIED
    assert other_client.get('/api/v1.6/devices/shared-name/t/lv').json() == DENIED
    # The account's own devices belong to no organization.
    assert api.post('/api/v1.6/devices/account-device', json={'t': 1}).status_code == 200
    assert acme_client.get('/api/v1.6/devices/account-device/t/lv').json() == DENIED
    # The account token may use every device.
    assert api.post('/api/v1.6/devices/shared-name', json={'t': 5}).status_code == 200
    assert acme_client.get('/api/v1.6/devices/shared-name/t/lv').json() == 5.0


def test_device_labels_are_per_account(api, other_api):
    assert api.post('/api/v1.6/devices/same', json={'t': 1}).status_code == 200
    assert other_api.post('/api/v1.6/devices/same', json={'t': 2}).status_code == 200
    assert api.get('/api/v1.6/devices/same/t/lv').json() == 1.0
    assert other_api.get('/api/v1.6/devices/same/t/lv').json() == 2.0


def test_org_token_may_use_the_token_query_param(api):
    api.create_org('acme')
    client, dummy = org_token(api, 'acme', FULL_WRITE)
    assert api.as_token('').post('/api/v1.6/devices/q?token=' + client.token, json={'t': 7}).status_code == 200
    assert api.as_token('').get('/api/v1.6/devices/q/t/lv?token=' + client.token).json() == 7.0
