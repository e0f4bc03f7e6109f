# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The connection options: checked before any request, named in every message."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.ubidots.cloud.plugins.module_utils.base import AUTH_ARGUMENT_SPEC, ConnectionOptions

TOKEN = 'BBFF-' + 't' * 30


class Failed(Exception):
    pass


class Options(ConnectionOptions):
    def __init__(self, **params):
        self.params = dict((name, spec.get('default')) for name, spec in AUTH_ARGUMENT_SPEC.items())
        self.params.update(api_token=TOKEN, **params)
        self.warnings = []

    def fail_json(self, msg, **kwargs):
        raise Failed(msg)

    def warn(self, warning):
        self.warnings.append(warning)


@pytest.mark.parametrize('url, pattern', [
    ('https://industrial.api.ubidots.com/api/v2.0', "api_url='https://industrial.api.ubidots.com/api/v2.0' has a path (/api/v2.0)"),
    ('https://industrial.api.ubidots.com/api/v2.0/', "has a path (/api/v2.0/); give only the scheme and host"),
    ('http://127.0.0.1:8765/ubidots', "api_url='http://127.0.0.1:8765/ubidots' has a path"),
    ('ftp://example.test', "api_url='ftp://example.test' is not an http(s) URL"),
    ('industrial.api.ubidots.com', "api_url='industrial.api.ubidots.com' is not an http(s) URL"),
    ('https://', "api_url='https://' is not an http(s) URL"),
    ('https://example.test/?token=x', 'api_url must not have a query or fragment'),
    ('https://example.test/#x', 'api_url must not have a query or fragment'),
], ids=['api-path', 'api-path-slash', 'other-path', 'ftp', 'no-scheme', 'no-host', 'query', 'fragment'])
def test_a_bad_api_url_fails_naming_it_before_any_request(url, pattern):
    """Issue 18: a path in api_url doubled /api/v2.0/ and every object read as "not found"."""
    options = Options(api_url=url)
    with pytest.raises(Failed) as err:
        options.client
    assert pattern in str(err.value)


@pytest.mark.parametrize('url', ['https://industrial.api.ubidots.com', 'https://industrial.api.ubidots.com/',
                                 'http://127.0.0.1:8765', 'https://[::1]:8443/'])
def test_a_base_url_is_accepted(url):
    assert Options(api_url=url).client.api_url == url.rstrip('/')


def test_a_token_in_a_bad_api_url_is_not_shown():
    secret = 'BBFF-' + 'x' * 30
    with pytest.raises(Failed) as err:
        Options(api_url='https://example.test/%s' % secret).client
    assert secret not in str(err.value)


@pytest.mark.parametrize('params, pattern', [
    ({'retry_budget': -1.0}, 'retry_budget must be 0 (no retries) or a positive number of seconds; got -1.0.'),
    ({'api_rate_limit': 0}, 'api_rate_limit must be a number of requests per second from 1 to 1000'),
    ({'api_rate_limit': 5000}, 'got 5000.'),
])
def test_bad_retry_budget_and_rate_limit_fail_naming_the_option(params, pattern):
    with pytest.raises(Failed) as err:
        Options(**params).client
    assert pattern in str(err.value)


def test_retry_budget_and_rate_limit_reach_the_client():
    client = Options(retry_budget=5.0, api_rate_limit=20).client
    assert client.retry.budget == 5.0 and client.pacer.limit == 20
