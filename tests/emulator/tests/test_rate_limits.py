# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Rate limits: account tokens with --rate-limit, organizational tokens always by their own limit."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import time

ORGS = '/api/v2.0/organizations/'


def assert_throttled(response, seconds):
    assert response.status_code == 429
    assert response.headers['Retry-After'] == str(seconds)
    message = 'Request was throttled. Expected available in %d seconds.' % seconds
    assert response.json() == {'code': 429001, 'message': message, 'detail': message}


def org_token_client(api, rate_limit, window):
    api.create_org('acme')
    role = api.create_role('reader', ['view_value'])
    token = api.create_token('~acme', role['id'], rateLimit=rate_limit, rateLimitWindow=window)
    return api.as_token(token['key'])


def test_account_tokens_are_not_throttled_by_default(api):
    assert [api.get(ORGS).status_code for dummy in range(15)] == [200] * 15


def test_rate_limit_switch_throttles_account_tokens(api, other_api, control):
    assert control.configure(rate_limit='3/1')['rate_limit'] == '3/1'
    assert [api.get(ORGS).status_code for dummy in range(3)] == [200] * 3
    assert_throttled(api.get(ORGS), 1)
    assert_throttled(api.post('/api/v1.6/devices/d', json={'t': 1}), 1)
    # Per token: another account still has its whole budget.
    assert other_api.get(ORGS).status_code == 200
    time.sleep(1.05)
    assert api.get(ORGS).status_code == 200


def test_rate_limit_switch_applies_to_org_tokens_too(api, control):
    client = org_token_client(api, 60, 60)
    control.configure(rate_limit='2/1')
    assert [client.get('/api/v1.6/devices/d/t/lv').status_code for dummy in range(2)] == [404, 404]
    assert_throttled(client.get('/api/v1.6/devices/d/t/lv'), 1)
    control.configure(rate_limit=None)
    assert client.get('/api/v1.6/devices/d/t/lv').status_code == 404


def test_retry_after_counts_whole_seconds_until_accepted(api, control):
    control.configure(rate_limit='2/3')
    assert api.get(ORGS).status_code == 200
    assert api.get(ORGS).status_code == 200
    assert_throttled(api.get(ORGS), 3)


def test_unauthenticated_requests_are_not_counted(api, control):
    control.configure(rate_limit='1/1')
    for dummy in range(3):
        assert api.get(ORGS, token='BBFF-' + 'x' * 30).status_code == 401
    assert api.get(ORGS).status_code == 200


def test_org_token_uses_its_own_limit(api):
    client = org_token_client(api, 2, 1)
    assert [client.get('/api/v1.6/devices/d/t/lv').status_code for dummy in range(2)] == [404, 404]
    assert_throttled(client.get('/api/v1.6/devices/d/t/lv'), 1)
    # The account token is not touched by the org token's limit.
    assert api.get(ORGS).status_code == 200


def test_org_token_window_counts_rejected_requests(api):
    """A sliding window in which refused requests count too."""
    client = org_token_client(api, 1, 1)
    assert client.get('/api/v1.6/devices/d/t/lv').status_code == 404
    time.sleep(0.6)
    assert_throttled(client.get('/api/v1.6/devices/d/t/lv'), 1)
    time.sleep(0.6)
    # The first request left the window, but the refused one is still in it.
    assert_throttled(client.get('/api/v1.6/devices/d/t/lv'), 1)
    time.sleep(1.05)
    assert client.get('/api/v1.6/devices/d/t/lv').status_code == 404


def test_org_token_forbidden_requests_count(api):
    client = org_token_client(api, 2, 1)
    assert client.get(ORGS).status_code == 403
    assert client.get(ORGS).status_code == 403
    assert_throttled(client.get('/api/v1.6/devices/d/t/lv'), 1)


def test_org_token_long_window(api):
    client = org_token_client(api, 5, 60)
    assert [client.get('/api/v1.6/devices/d/t/lv').status_code for dummy in range(5)] == [404] * 5
    response = client.get('/api/v1.6/devices/d/t/lv')
    seconds = int(response.headers['Retry-After'])
    assert seconds in (59, 60)
    assert_throttled(response, seconds)


def test_patched_limit_applies_at_once(api):
    api.create_org('acme')
    role = api.create_role('reader', ['view_value'])
    token = api.create_token('~acme', role['id'], rateLimit=1, rateLimitWindow=1)
    client = api.as_token(token['key'])
    assert client.get('/api/v1.6/devices/d/t/lv').status_code == 404
    assert client.get('/api/v1.6/devices/d/t/lv').status_code == 429
    patched = api.patch('/api/v2.0/organizations/~acme/tokens/%s' % token['id'], json={'rateLimit': 60, 'rateLimitWindow': 60})
    assert patched.status_code == 200
    assert client.get('/api/v1.6/devices/d/t/lv').status_code == 404
