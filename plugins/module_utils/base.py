# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every ubidots.cloud module shares: connection options and the client they build."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib

from ansible_collections.ubidots.cloud.plugins.module_utils import contract
from ansible_collections.ubidots.cloud.plugins.module_utils.client import (
    DEFAULT_RETRY_BUDGET, HAS_REQUESTS, REQUESTS_IMPORT_ERROR, Client, RetryPolicy, redact, urlsplit)

# Mirrors plugins/doc_fragments/auth.py.
AUTH_ARGUMENT_SPEC = dict(
    api_token=dict(type='str', no_log=True, fallback=(env_fallback, ['UBIDOTS_TOKEN'])),
    api_url=dict(type='str', default=contract.DEFAULT_API_URL, fallback=(env_fallback, ['UBIDOTS_API_URL'])),
    validate_certs=dict(type='bool', default=True, fallback=(env_fallback, ['UBIDOTS_VALIDATE_CERTS'])),
    request_timeout=dict(type='float', default=30.0, fallback=(env_fallback, ['UBIDOTS_REQUEST_TIMEOUT'])),
    retry_budget=dict(type='float', default=DEFAULT_RETRY_BUDGET, fallback=(env_fallback, ['UBIDOTS_RETRY_BUDGET'])),
    api_rate_limit=dict(type='int', default=contract.API_RATE_LIMIT, fallback=(env_fallback, ['UBIDOTS_API_RATE_LIMIT'])),
)
# The most requests per second api_rate_limit may claim (a guard against a typo that would turn pacing off).
MAX_API_RATE_LIMIT = 1000

LOOPBACK_HOSTS = ('localhost', '::1')


def is_loopback(host):
    return host in LOOPBACK_HOSTS or host.startswith('127.')


class ConnectionOptions:
    """The connection options turned into a ready client.

    Shared by the module (UbidotsModule) and the in-controller runner of the action plugins, so both
    check the options and build the client the same way. Needs ``params``, ``fail_json`` and ``warn``.
    """

    _client = None

    @property
    def client(self):
        if self._client is None:
            self._client = self.make_client(self._api_url(), self._api_token(), self.params['validate_certs'],
                                            self._request_timeout(), **self._client_settings())
        return self._client

    def make_client(self, api_url, api_token, validate_certs, timeout, retry_budget=DEFAULT_RETRY_BUDGET,
                    api_rate_limit=contract.API_RATE_LIMIT):
        return Client(api_url, api_token, validate_certs=validate_certs, timeout=timeout,
                      retry=RetryPolicy(budget=retry_budget), rate_limit=api_rate_limit)

    def _client_settings(self):
        """The options beyond the four of make_client's positional arguments, checked."""
        budget = self.params.get('retry_budget', DEFAULT_RETRY_BUDGET)
        if budget is None or budget < 0:
            self.fail_json(msg='retry_budget must be 0 (no retries) or a positive number of seconds; got %r.' % (budget,))
        limit = self.params.get('api_rate_limit', contract.API_RATE_LIMIT)
        if limit is None or not 1 <= limit <= MAX_API_RATE_LIMIT:
            self.fail_json(msg='api_rate_limit must be a number of requests per second from 1 to %d (the documented '
                               'limit is %d); got %r.' % (MAX_API_RATE_LIMIT, contract.API_RATE_LIMIT, limit))
        return dict(retry_budget=budget, api_rate_limit=limit)

    def _api_token(self):
        token = self.params['api_token']
        if not token:
            self.fail_json(msg='No API token: set the api_token option or the UBIDOTS_TOKEN environment variable '
                               '(use the account token; module_defaults for group/ubidots.cloud.ubidots sets it once).')
        return token

    def _api_url(self):
        url = self.params['api_url']
        try:
            parts = urlsplit(url)
            hostname = parts.hostname
        except ValueError:  # an unbalanced [ in the host, say
            parts = hostname = None
        if parts is None or parts.scheme not in ('http', 'https') or not hostname:
            self.fail_json(msg='api_url=%r is not an http(s) URL such as %s.' % (redact(url), contract.DEFAULT_API_URL))
        if parts.query or parts.fragment:
            self.fail_json(msg='api_url must not have a query or fragment (the token goes in a header); got %s://%s%s?...'
                               % (parts.scheme, parts.netloc, parts.path))
        if parts.path not in ('', '/'):
            # The modules add /api/v2.0/ themselves: a path here would double it, and every object would read as missing.
            self.fail_json(msg='api_url=%r has a path (%s); give only the scheme and host, such as %s (the modules add %s '
                               'themselves).' % (redact(url), redact(parts.path), contract.DEFAULT_API_URL, contract.API_PREFIX))
        if parts.scheme == 'http' and not is_loopback(parts.hostname):
            self.warn('api_url uses plain http to %s: the API token crosses the network unencrypted. '
                      'Use https unless this is a test server.' % parts.hostname)
        return url

    def _request_timeout(self):
        timeout = self.params['request_timeout']
        if timeout is None or timeout <= 0:
            self.fail_json(msg='request_timeout must be a positive number of seconds; got %r.' % (timeout,))
        return timeout


def with_auth_options(argument_spec):
    spec = dict(AUTH_ARGUMENT_SPEC)
    spec.update(argument_spec)
    return spec


class UbidotsModule(ConnectionOptions, AnsibleModule):
    """An AnsibleModule with the connection options and a ready client."""

    def __init__(self, argument_spec, **kwargs):
        super(UbidotsModule, self).__init__(argument_spec=with_auth_options(argument_spec), **kwargs)
        if not HAS_REQUESTS:
            self.fail_json(msg=missing_required_lib('requests'), exception=REQUESTS_IMPORT_ERROR)
