# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Section 1 of the contract: authentication and the error envelope."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

ORGS = '/api/v2.0/organizations/'
NO_CREDENTIALS = {'code': 401001, 'message': 'Authentication credentials were not provided.',
                  'detail': 'Authentication credentials were not provided.'}
BAD_CREDENTIALS = {'code': 401002, 'message': 'Incorrect authentication credentials.', 'detail': 'Incorrect authentication credentials.'}
NOT_FOUND = {'code': 404001, 'message': 'Not found.', 'detail': 'Not found.'}


def test_missing_token_is_401001(api):
    response = api.get(ORGS, token='')
    assert response.status_code == 401
    assert response.headers['Content-Type'] == 'application/json'
    assert response.json() == NO_CREDENTIALS


def test_empty_header_and_empty_param_count_as_missing(api):
    response = api.get(ORGS + '?token=', token='', headers={'X-Auth-Token': ''})
    assert response.status_code == 401
    assert response.json() == NO_CREDENTIALS


@pytest.mark.parametrize('token', ['BBFF-' + 'x' * 30, 'not-a-token', 'BBFF-short'])
def test_wrong_token_is_401002_whatever_its_shape(api, token):
    response = api.get(ORGS, token=token)
    assert response.status_code == 401
    assert response.json() == BAD_CREDENTIALS


def test_token_query_param_is_accepted(api):
    response = api.get(ORGS + '?token=' + api.token, token='')
    assert response.status_code == 200
    assert response.json()['count'] == 0


def test_header_wins_over_query_param(api):
    assert api.get(ORGS + '?token=BBFF-' + 'x' * 30).status_code == 200
    response = api.get(ORGS + '?token=' + api.token, token='BBFF-' + 'x' * 30)
    assert response.status_code == 401
    assert response.json() == BAD_CREDENTIALS


def test_unknown_path_is_404001(api):
    response = api.get('/api/v2.0/nothing-here/')
    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_unknown_object_is_404001(api):
    for key in ('0123456789abcdef01234567', '~ghost', 'not-an-id'):
        response = api.get(ORGS + key + '/')
        assert response.status_code == 404
        assert response.json() == NOT_FOUND


@pytest.mark.parametrize('method,path', [('PUT', ORGS), ('DELETE', ORGS), ('POST', '/api/v2.0/api_roles/0123456789abcdef01234567/')])
def test_method_not_allowed_names_the_method(api, method, path):
    response = api.request(method, path, json={})
    assert response.status_code == 405
    message = 'Method "%s" not allowed.' % method
    assert response.json() == {'code': 405001, 'message': message, 'detail': message}


def test_body_that_is_not_json_is_a_validation_error(api):
    response = api.post(ORGS, data='{not json', headers={'Content-Type': 'application/json'})
    assert response.status_code == 400
    assert response.json() == {'code': 400001, 'message': 'Validation Error.', 'detail': {'non_field_errors': ['JSON parse error.']}}


def test_body_that_is_not_an_object_is_a_validation_error(api):
    response = api.post(ORGS, json=['label'])
    assert response.status_code == 400
    assert response.json() == {'code': 400001, 'message': 'Validation Error.',
                               'detail': {'non_field_errors': ['Invalid data. Expected a dictionary, but got list.']}}
