# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every ubidots.cloud module shares: connection options, the client they build, and ``main()``."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import ipaddress

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib

from ansible_collections.ubidots.cloud.plugins.module_utils import contract
from ansible_collections.ubidots.cloud.plugins.module_utils.client import (
    DEFAULT_RETRY_BUDGET, HAS_REQUESTS, REQUESTS_IMPORT_ERROR, Client, RetryPolicy, redact, urlsplit)
from ansible_collections.ubidots.cloud.plugins.module_utils.engine import Failure, Task

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
    if host in LOOPBACK_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a name, not an address: only localhost counts
        return False


class InvalidConnection(ValueError):
    """A connection option the client cannot be built with; the message names it and never a secret."""


TOKEN_MISSING = 'No API token: set the api_token option or the UBIDOTS_TOKEN environment variable'
MODULE_TOKEN_HINT = ' (use the account token; module_defaults for group/ubidots.cloud.ubidots sets it once).'


def check_connection(api_url, api_token, request_timeout, token_hint='.'):
    """The checks every user of the client shares (modules, action plugins, the inventory plugin).

    Raises InvalidConnection for the first bad option (api_url, then api_token, then request_timeout);
    returns a list of warnings to show.
    """
    warnings = []
    try:
        parts = urlsplit(api_url or '')
        hostname = parts.hostname
    except ValueError:  # an unbalanced [ in the host, say
        parts = hostname = None
    if parts is None or parts.scheme not in ('http', 'https') or not hostname:
        raise InvalidConnection('api_url=%r is not an http(s) URL such as %s.'
                                % (api_url if api_url is None else redact(api_url), contract.DEFAULT_API_URL))
    if parts.username is not None or parts.password is not None:
        raise InvalidConnection('api_url must not hold a user name or password (it would show in messages); give only '
                                'the scheme and host, such as %s.' % contract.DEFAULT_API_URL)
    if parts.query or parts.fragment:
        raise InvalidConnection('api_url must not have a query or fragment (the token goes in a header); got %s://%s%s?...'
                                % (parts.scheme, parts.hostname, parts.path))
    if parts.path not in ('', '/'):
        # The modules add /api/v2.0/ themselves: a path here would double it, and every object would read as missing.
        raise InvalidConnection('api_url=%r has a path (%s); give only the scheme and host, such as %s (the modules add %s '
                                'themselves).' % (redact(api_url), redact(parts.path), contract.DEFAULT_API_URL,
                                                  contract.API_PREFIX))
    if parts.scheme == 'http' and not is_loopback(parts.hostname):
        warnings.append('api_url uses plain http to %s: the API token crosses the network unencrypted. '
                        'Use https unless this is a test server.' % parts.hostname)
    if not api_token:
        raise InvalidConnection(TOKEN_MISSING + token_hint)
    if request_timeout is None or isinstance(request_timeout, bool) or request_timeout <= 0:
        raise InvalidConnection('request_timeout must be a positive number of seconds; got %r.' % (request_timeout,))
    return warnings


def connect(params, warn, proxies=None):
    """A client for the connection options in ``params``; Failure naming the option for a bad value.

    Used by both ways a module runs: a module process (run_module) and the action plugins (in_process),
    which also pass the proxies of the task's environment.
    """
    try:
        warnings = check_connection(params['api_url'], params['api_token'], params['request_timeout'],
                                    token_hint=MODULE_TOKEN_HINT)
        budget, limit = retry_settings(params)
    except InvalidConnection as exc:
        raise Failure(str(exc))
    for warning in warnings:
        warn(warning)
    return Client(params['api_url'], params['api_token'], validate_certs=params['validate_certs'],
                  timeout=params['request_timeout'], proxies=proxies, retry=RetryPolicy(budget=budget), rate_limit=limit)


def retry_settings(params):
    """(retry_budget, api_rate_limit) of ``params``, checked; InvalidConnection naming the option."""
    budget = params.get('retry_budget', DEFAULT_RETRY_BUDGET)
    if budget is None or budget < 0:
        raise InvalidConnection('retry_budget must be 0 (no retries) or a positive number of seconds; got %r.' % (budget,))
    limit = params.get('api_rate_limit', contract.API_RATE_LIMIT)
    if limit is None or not 1 <= limit <= MAX_API_RATE_LIMIT:
        raise InvalidConnection('api_rate_limit must be a number of requests per second from 1 to %d (the documented '
                                'limit is %d); got %r.' % (MAX_API_RATE_LIMIT, contract.API_RATE_LIMIT, limit))
    return budget, limit


def with_auth_options(argument_spec):
    spec = dict(AUTH_ARGUMENT_SPEC)
    spec.update(argument_spec)
    return spec


class UbidotsModule(AnsibleModule):
    """An AnsibleModule with the connection options."""

    def __init__(self, argument_spec, **kwargs):
        super(UbidotsModule, self).__init__(argument_spec=with_auth_options(argument_spec), **kwargs)
        if not HAS_REQUESTS:
            self.fail_json(msg=missing_required_lib('requests'), exception=REQUESTS_IMPORT_ERROR)


def run_module(definition):
    """The ``main()`` of every module: ``definition`` (a Resource or Listing class) run in a module process."""
    module = UbidotsModule(**definition.module_spec())
    task = Task(module.params, connect, check_mode=module.check_mode, diff=module._diff, warn=module.warn)
    try:
        result = definition.execute(task)
    except Failure as failure:
        module.no_log_values.update(task.secrets)
        module.fail_json(msg=failure.msg, **failure.result)
    module.no_log_values.update(task.secrets)
    module.exit_json(**result)
