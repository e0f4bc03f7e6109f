# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The connection options: checked before any request (check_connection, shared with the inventory plugin, and
connect, which every module uses), named in every message."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.ubidots.cloud.plugins.module_utils.base import (
    AUTH_ARGUMENT_SPEC, MODULE_TOKEN_HINT, InvalidConnection, check_connection, connect)
from ansible_collections.ubidots.cloud.plugins.module_utils.engine import Failure

TOKEN = 'BBFF-' + 'a' * 30


@pytest.mark.parametrize('url', ['https://industrial.api.ubidots.com', 'http://127.0.0.1:8765', 'http://localhost:1/'])
def test_good_settings_have_no_warning(url):
    assert check_connection(url, TOKEN, 30.0) == []


def test_plain_http_to_another_host_warns():
    (warning,) = check_connection('http://api.example.test', TOKEN, 30.0)
    assert 'plain http to api.example.test' in warning and TOKEN not in warning


@pytest.mark.parametrize('url, token, timeout, message', [
    ('ftp://example.test', TOKEN, 30.0, "api_url='ftp://example.test' is not an http(s) URL"),
    (None, TOKEN, 30.0, 'api_url=None is not an http(s) URL'),
    ('https://x.test/?token=' + TOKEN, TOKEN, 30.0, 'api_url must not have a query or fragment'),
    ('https://x.test', None, 30.0, 'No API token: set the api_token option or the UBIDOTS_TOKEN environment variable.'),
    ('https://x.test', TOKEN, 0, 'request_timeout must be a positive number of seconds; got 0.'),
    ('https://x.test', TOKEN, None, 'request_timeout must be a positive number of seconds; got None.'),
    # The URL is checked first, then the token, then the timeout.
    ('ftp://x.test', None, 0, 'is not an http(s) URL'),
    ('https://x.test', '', -1, 'No API token'),
])
def test_bad_settings(url, token, timeout, message):
    with pytest.raises(InvalidConnection) as caught:
        check_connection(url, token, timeout)
    assert message in str(caught.value) and TOKEN not in str(caught.value)


def test_token_hint_is_appended():
    with pytest.raises(InvalidConnection) as caught:
        check_connection('https://x.test', None, 1, token_hint=MODULE_TOKEN_HINT)
    assert str(caught.value).endswith('module_defaults for group/ubidots.cloud.ubidots sets it once).')


def connected(**params):
    """The client connect() builds for the default connection options with ``params`` on top."""
    options = dict((name, spec.get('default')) for name, spec in AUTH_ARGUMENT_SPEC.items())
    options.update(api_token=TOKEN, **params)
    return connect(options, [].append)


@pytest.mark.parametrize('url, pattern', [
    ('https://industrial.api.ubidots.com/api/v2.0', "api_url='https://industrial.api.ubidots.com/api/v2.0' has a path (/api/v2.0)"),
    ('https://industrial.api.ubidots.com/api/v2.0/', "has a path (/api/v2.0/); give only the scheme and host"),
    ('http://127.0.0.1:8765/ubidots', "api_url='http://127.0.0.1:8765/ubidots' has a path"),
    ('ftp://example.test', "api_url='ftp://example.test' is not an http(s) URL"),
    ('industrial.api.ubidots.com', "api_url='industrial.api.ubidots.com' is not an http(s) URL"),
    ('https://', "api_url='https://' is not an http(s) URL"),
    ('https://example.test/?token=x', 'api_url must not have a query or fragment'),
    ('https://example.test/#x', 'api_url must not have a query or fragment'),
    ('https://user:secret-pw@example.test', 'api_url must not hold a user name or password'),
], ids=['api-path', 'api-path-slash', 'other-path', 'ftp', 'no-scheme', 'no-host', 'query', 'fragment', 'userinfo'])
def test_a_bad_api_url_fails_naming_it_before_any_request(url, pattern):
    """Issue 18: a path in api_url doubled /api/v2.0/ and every object read as "not found"."""
    with pytest.raises(Failure) as err:
        connected(api_url=url)
    assert pattern in str(err.value)


@pytest.mark.parametrize('url', ['https://industrial.api.ubidots.com', 'https://industrial.api.ubidots.com/',
                                 'http://127.0.0.1:8765', 'https://[::1]:8443/'])
def test_a_base_url_is_accepted(url):
    assert connected(api_url=url).api_url == url.rstrip('/')


def test_a_token_in_a_bad_api_url_is_not_shown():
    secret = 'BBFF-' + 'x' * 30
    with pytest.raises(Failure) as err:
        connected(api_url='https://example.test/%s' % secret)
    assert secret not in str(err.value)


@pytest.mark.parametrize('params, pattern', [
    ({'retry_budget': -1.0}, 'retry_budget must be 0 (no retries) or a positive number of seconds; got -1.0.'),
    ({'api_rate_limit': 0}, 'api_rate_limit must be a number of requests per second from 1 to 1000'),
    ({'api_rate_limit': 5000}, 'got 5000.'),
])
def test_bad_retry_budget_and_rate_limit_fail_naming_the_option(params, pattern):
    with pytest.raises(Failure) as err:
        connected(**params)
    assert pattern in str(err.value)


def test_retry_budget_and_rate_limit_reach_the_client():
    client = connected(retry_budget=5.0, api_rate_limit=20)
    assert client.retry.budget == 5.0 and client.pacer.limit == 20


@pytest.mark.parametrize('host, loopback', [('127.0.0.1', True), ('::1', True), ('localhost', True), ('127.attacker.example', False),
                                            ('api.example.test', False)])
def test_only_loopback_addresses_skip_the_plain_http_warning(host, loopback):
    warnings = check_connection('http://%s:8765' % ('[%s]' % host if ':' in host else host), TOKEN, 30.0)
    assert (warnings == []) is loopback
