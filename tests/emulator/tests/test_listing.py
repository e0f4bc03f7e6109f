# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Section 2 of the contract: lists, pagination, order, filters, fields= and trailing slashes."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

ORGS = '/api/v2.0/organizations/'
INVALID_PAGE = {'code': 404001, 'message': 'Invalid page.', 'detail': 'Invalid page.'}


@pytest.fixture
def five_orgs(api):
    """acme-0 .. acme-4, created in that order; acme-1 and acme-3 inactive."""
    return [api.create_org('acme-%d' % index, name='Name %d' % index, isActive=index % 2 == 0) for index in range(5)]


def labels(response):
    assert response.status_code == 200, response.text
    return [item['label'] for item in response.json()['results']]


def test_newest_first(api, five_orgs):
    assert labels(api.get(ORGS)) == ['acme-4', 'acme-3', 'acme-2', 'acme-1', 'acme-0']


def test_pages_with_absolute_links_keeping_every_parameter(api, five_orgs):
    first = api.get(ORGS + '?page_size=2&name__startswith=Name')
    body = first.json()
    assert body['count'] == 5
    assert body['previous'] is None
    assert body['next'] == api.base_url + ORGS + '?page_size=2&name__startswith=Name&page=2'
    assert labels(first) == ['acme-4', 'acme-3']
    second = api.get(body['next'][len(api.base_url):])
    assert second.json()['previous'] == api.base_url + ORGS + '?page_size=2&name__startswith=Name&page=1'
    assert second.json()['next'] == api.base_url + ORGS + '?page_size=2&name__startswith=Name&page=3'
    last = api.get(ORGS + '?page=3&page_size=2')
    assert labels(last) == ['acme-0']
    assert last.json()['next'] is None
    assert last.json()['previous'] == api.base_url + ORGS + '?page=2&page_size=2'


@pytest.mark.parametrize('page', ['0', '4', 'x', '-1'])
def test_invalid_page_is_404001(api, five_orgs, page):
    response = api.get(ORGS + '?page_size=2&page=' + page)
    assert response.status_code == 404
    assert response.json() == INVALID_PAGE


def test_first_page_of_an_empty_list_is_valid(api):
    assert api.get(ORGS + '?page=1').json() == {'count': 0, 'next': None, 'previous': None, 'results': []}
    assert api.get(ORGS + '?page=2').status_code == 404


def test_page_size_is_clamped_and_defaults_to_50(api, five_orgs):
    assert len(api.get(ORGS + '?page_size=0').json()['results']) == 1
    assert len(api.get(ORGS + '?page_size=100000').json()['results']) == 5
    assert len(api.get(ORGS + '?page_size=abc').json()['results']) == 5


def test_default_page_size_is_50(api):
    for index in range(51):
        api.create_org('o%d' % index)
    body = api.get(ORGS).json()
    assert (body['count'], len(body['results'])) == (51, 50)
    assert body['next'] == api.base_url + ORGS + '?page=2'


@pytest.mark.parametrize('query,expected', [
    ('label=acme-2', ['acme-2']),
    ('label=ACME-2', []),
    ('label__in=acme-1,acme-3,nope', ['acme-3', 'acme-1']),
    ('label__startswith=acme-', ['acme-4', 'acme-3', 'acme-2', 'acme-1', 'acme-0']),
    ('name__icontains=NAME 4', ['acme-4']),
    ('isActive=false', ['acme-3', 'acme-1']),
    ('isActive=true&label__in=acme-0,acme-1', ['acme-0']),
    ('unknown=1&description=zzz', ['acme-4', 'acme-3', 'acme-2', 'acme-1', 'acme-0']),
])
def test_filters(api, five_orgs, query, expected):
    response = api.get(ORGS + '?' + query)
    assert labels(response) == expected
    assert response.json()['count'] == len(expected)


def test_filter_by_id(api, five_orgs):
    assert labels(api.get(ORGS + '?id=' + five_orgs[2]['id'])) == ['acme-2']


def test_fields_limits_list_and_detail_keys(api, five_orgs):
    listed = api.get(ORGS + '?fields=id,label,nope&page_size=1').json()
    assert listed['results'] == [{'id': five_orgs[4]['id'], 'label': 'acme-4'}]
    detail = api.get(ORGS + '~acme-1?fields=isActive,limits').json()
    assert detail == {'isActive': False, 'limits': five_orgs[1]['limits']}


@pytest.mark.parametrize('path', ['/api/v2.0/organizations', '/api/v2.0/organizations/', '/api/v2.0/organizations/~acme-0',
                                  '/api/v2.0/organizations/~acme-0/', '/api/v2.0/api_roles', '/api/v2.0/organizations/~acme-0/tokens'])
def test_trailing_slash_is_optional_and_never_redirects(api, five_orgs, path):
    response = api.get(path, allow_redirects=False)
    assert response.status_code == 200


def test_roles_and_tokens_are_newest_first_and_filterable(api):
    api.create_org('acme')
    for name in ('alpha', 'beta', 'gamma'):
        api.create_role(name)
    assert labels(api.get('/api/v2.0/api_roles/')) == ['gamma', 'beta', 'alpha']
    assert labels(api.get('/api/v2.0/api_roles/?name__in=alpha,gamma')) == ['gamma', 'alpha']
    first = api.create_token('~acme', '~alpha', name='one')
    api.create_token('~acme', '~alpha', name='two')
    tokens = api.get('/api/v2.0/organizations/~acme/tokens/').json()['results']
    assert [token['name'] for token in tokens] == ['two', 'one']
    only = api.get('/api/v2.0/organizations/~acme/tokens/?id=' + first['id']).json()
    assert [token['name'] for token in only['results']] == ['one']
    assert api.get('/api/v2.0/organizations/~acme/tokens/?name__startswith=t').json()['count'] == 1
