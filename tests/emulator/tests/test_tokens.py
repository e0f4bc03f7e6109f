# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Section 5 of the contract: organizational tokens and their rate-limit table."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

import pytest

TOKEN_KEY = re.compile(r'^BBFF-[A-Za-z0-9]{30}$')
ALLOWED = {1: (1, 2, 4), 60: (5, 10, 30, 60), 300: (10, 30, 90, 180), 900: (90, 180, 240, 480),
           1800: (90, 240, 480, 720), 3600: (90, 240, 480, 720, 960)}
FIELDS = ['id', 'url', 'name', 'key', 'apiRole', 'rateLimit', 'rateLimitWindow', 'organization', 'createdAt']


def validation(detail):
    return {'code': 400001, 'message': 'Validation Error.', 'detail': detail}


@pytest.fixture
def org(api):
    return api.create_org('acme')


@pytest.fixture
def role(api):
    return api.create_role('Viewer', ['view_value'])


def tokens_path(org_key='~acme', token_id=None):
    path = '/api/v2.0/organizations/%s/tokens/' % org_key
    return path + token_id + '/' if token_id else path


def test_create_returns_key_and_defaults(api, org, role):
    response = api.post(tokens_path(), json={'name': 'edge', 'apiRole': '~viewer'})
    assert response.status_code == 201
    token = response.json()
    assert list(token) == FIELDS
    assert TOKEN_KEY.match(token['key'])
    assert token['url'] == '%s/api/v2.0/organizations/%s/tokens/%s' % (api.base_url, org['id'], token['id'])
    assert token['apiRole'] == {'id': role['id'], 'label': 'viewer', 'name': 'Viewer', 'url': role['url']}
    assert token['organization'] == {'id': org['id'], 'label': 'acme', 'name': 'acme', 'url': org['url']}
    assert (token['name'], token['rateLimit'], token['rateLimitWindow']) == ('edge', 4, 1)
    assert api.get(tokens_path(org['id'], token['id'])).json() == token


def test_key_is_shown_in_get_list_and_patch_by_default(api, org, role):
    token = api.create_token('~acme', role['id'])
    assert api.get(tokens_path(token_id=token['id'])).json()['key'] == token['key']
    assert api.get(tokens_path()).json()['results'][0]['key'] == token['key']
    assert api.patch(tokens_path(token_id=token['id']), json={'name': 'x'}).json()['key'] == token['key']


def test_hidden_keys_are_absent_except_in_the_post(api, control, org, role):
    control.configure(hide_token_keys=True)
    token = api.create_token('~acme', role['id'])
    assert TOKEN_KEY.match(token['key'])
    detail = api.get(tokens_path(token_id=token['id'])).json()
    listed = api.get(tokens_path()).json()['results'][0]
    patched = api.patch(tokens_path(token_id=token['id']), json={'name': 'renamed'}).json()
    for shown in (detail, listed, patched):
        assert 'key' not in shown
        assert list(shown) == [field for field in FIELDS if field != 'key']


def test_required_fields(api, org):
    response = api.post(tokens_path(), json={})
    assert response.status_code == 400
    assert response.json() == validation({'name': ['This field is required.'], 'apiRole': ['This field is required.']})


@pytest.mark.parametrize('reference', ['~ghost', '0123456789abcdef01234567', 'viewer', None])
def test_unknown_role_is_refused(api, org, role, reference):
    response = api.post(tokens_path(), json={'name': 't', 'apiRole': reference})
    assert response.status_code == 400
    assert list(response.json()['detail']) == ['apiRole']


def test_role_of_another_account_is_unknown(api, other_api, org):
    foreign = other_api.create_role('Foreign')
    response = api.post(tokens_path(), json={'name': 't', 'apiRole': foreign['id']})
    assert response.status_code == 400
    assert list(response.json()['detail']) == ['apiRole']


@pytest.mark.parametrize('window,limit', [(window, limit) for window, limits in ALLOWED.items() for limit in limits])
def test_every_allowed_pair_is_accepted(api, org, role, window, limit):
    token = api.create_token('~acme', role['id'], rateLimit=limit, rateLimitWindow=window)
    assert (token['rateLimit'], token['rateLimitWindow']) == (limit, window)


@pytest.mark.parametrize('window,limit', [(1, 3), (1, 5), (60, 4), (300, 60), (900, 60), (1800, 960), (3600, 1000)])
def test_limit_not_allowed_for_the_window(api, org, role, window, limit):
    response = api.post(tokens_path(), json={'name': 't', 'apiRole': '~viewer', 'rateLimit': limit, 'rateLimitWindow': window})
    assert response.status_code == 400
    allowed = ', '.join(str(value) for value in ALLOWED[window])
    assert response.json() == validation({'rateLimit': ['Allowed values for a %d s window: %s.' % (window, allowed)]})


@pytest.mark.parametrize('window', [0, 2, 30, 7200])
def test_window_outside_the_list(api, org, role, window):
    response = api.post(tokens_path(), json={'name': 't', 'apiRole': '~viewer', 'rateLimit': 4, 'rateLimitWindow': window})
    assert response.status_code == 400
    assert response.json() == validation({'rateLimitWindow': ['"%d" is not a valid choice.' % window]})


def test_defaults_apply_only_when_both_are_omitted(api, org, role):
    only_limit = api.post(tokens_path(), json={'name': 't', 'apiRole': '~viewer', 'rateLimit': 2})
    assert only_limit.status_code == 400
    assert only_limit.json() == validation({'rateLimitWindow': ['This field is required.']})
    only_window = api.post(tokens_path(), json={'name': 't', 'apiRole': '~viewer', 'rateLimitWindow': 60})
    assert only_window.json() == validation({'rateLimit': ['This field is required.']})


def test_patch_of_one_is_checked_against_the_stored_other(api, org, role):
    token = api.create_token('~acme', role['id'], rateLimit=30, rateLimitWindow=60)
    path = tokens_path(token_id=token['id'])
    refused = api.patch(path, json={'rateLimit': 4})
    assert refused.status_code == 400
    assert refused.json() == validation({'rateLimit': ['Allowed values for a 60 s window: 5, 10, 30, 60.']})
    refused = api.patch(path, json={'rateLimitWindow': 1})
    assert refused.json() == validation({'rateLimit': ['Allowed values for a 1 s window: 1, 2, 4.']})
    moved = api.patch(path, json={'rateLimitWindow': 300})
    assert (moved.status_code, moved.json()['rateLimit'], moved.json()['rateLimitWindow']) == (200, 30, 300)
    both = api.patch(path, json={'rateLimit': 2, 'rateLimitWindow': 1}).json()
    assert (both['rateLimit'], both['rateLimitWindow']) == (2, 1)


def test_patch_changes_role_and_name_and_ignores_key(api, org, role):
    other = api.create_role('Writer')
    token = api.create_token('~acme', role['id'], name='old')
    patched = api.patch(tokens_path(token_id=token['id']), json={'name': 'new', 'apiRole': '~writer', 'key': 'BBFF-' + 'z' * 30})
    assert patched.status_code == 200
    body = patched.json()
    assert (body['name'], body['apiRole']['id'], body['key']) == ('new', other['id'], token['key'])


def test_put_is_405_and_labels_do_not_address_tokens(api, org, role):
    token = api.create_token('~acme', role['id'], name='t')
    response = api.put(tokens_path(token_id=token['id']), json={'name': 'x', 'apiRole': '~viewer'})
    assert response.status_code == 405
    assert response.json() == {'code': 405001, 'message': 'Method "PUT" not allowed.', 'detail': 'Method "PUT" not allowed.'}
    assert api.get(tokens_path(token_id='~t')).status_code == 404


def test_token_of_another_organization_is_404(api, org, role):
    api.create_org('other')
    token = api.create_token('~acme', role['id'])
    for method in ('GET', 'PATCH', 'DELETE'):
        response = api.request(method, tokens_path('~other', token['id']), json={'name': 'x'})
        assert response.status_code == 404
        assert response.json()['code'] == 404001
    assert api.get(tokens_path('~ghost')).status_code == 404


def test_delete_makes_the_key_stop_working(api, org, role):
    token = api.create_token('~acme', role['id'])
    reader = api.as_token(token['key'])
    assert reader.get('/api/v1.6/devices/x/y/lv').status_code == 404
    assert api.delete(tokens_path(token_id=token['id'])).status_code == 204
    response = reader.get('/api/v1.6/devices/x/y/lv')
    assert response.status_code == 401
    assert response.json()['code'] == 401002
    assert api.get(tokens_path(token_id=token['id'])).status_code == 404
