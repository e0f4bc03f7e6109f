# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""check_connection: the connection checks the modules and the inventory plugin share."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.ubidots.cloud.plugins.module_utils.base import (
    MODULE_TOKEN_HINT, InvalidConnection, check_connection)

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
