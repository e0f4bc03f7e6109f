# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):
    # Connection options shared by every module (plugins/module_utils/base.py holds the argument spec).
    DOCUMENTATION = r'''
options:
  api_token:
    description:
      - The Ubidots account token (the admin token of the account, C(BBFF-...)), sent in the C(X-Auth-Token) header.
      - If not set, the value of the E(UBIDOTS_TOKEN) environment variable is used.
      - Organizational tokens cannot manage organizations, roles or tokens; the API answers them with HTTP 403.
      - Set it once for all modules with O(api_token) in C(module_defaults) for C(group/ubidots.cloud.ubidots),
        from a vaulted variable or an AWX credential, rather than on every task.
    type: str
  api_url:
    description:
      - Base URL of the Ubidots API, scheme and host only (a port may follow the host), without C(/api/v2.0).
      - A URL with a path other than C(/), a query or a fragment, or one that is not C(http) or C(https), fails the task
        before any request, naming O(api_url).
      - If not set, the value of the E(UBIDOTS_API_URL) environment variable is used, else the default.
      - A plain C(http://) URL to a host other than loopback draws a warning, because the token would travel unencrypted.
    type: str
    default: https://industrial.api.ubidots.com
  validate_certs:
    description:
      - Whether to verify the API's TLS certificate.
      - If not set, the value of the E(UBIDOTS_VALIDATE_CERTS) environment variable is used, else V(true).
      - Set to V(false) only for a test server you trust.
    type: bool
    default: true
  request_timeout:
    description:
      - Seconds to wait for the API to answer one request before the attempt counts as failed.
      - If not set, the value of the E(UBIDOTS_REQUEST_TIMEOUT) environment variable is used, else the default.
      - How long failed requests are retried is O(retry_budget).
    type: float
    default: 30
  retry_budget:
    description:
      - Seconds one request may spend on attempts and waits before a transient failure (no connection, no answer
        within O(request_timeout), HTTP 429, 502, 503, and for reads 500 and 504) fails the task.
      - Waits between attempts grow exponentially from 0.5 up to 8 seconds, each shortened by a random part of up
        to half (jitter); HTTP 429 waits for C(Retry-After) (up to 60 seconds). Another attempt is made only when it
        can start within the budget, so a request that keeps failing ends after at most O(retry_budget) plus one
        O(request_timeout), with a message that says what failed how often.
      - A write whose outcome is unknown (lost response, HTTP 500 or 504) is sent again only after a new read of
        the list it wrote shows it did not take effect, so a retry never creates a second object. A creation that
        got no answer within O(request_timeout) is never sent again, because the API may still be working on it; the
        list is read again instead until it shows up or the budget is spent, and a later run finds it or creates
        it. When the read cannot tell, the task fails saying the outcome is unknown and what to check.
      - V(0) makes one attempt and no retry.
      - If not set, the value of the E(UBIDOTS_RETRY_BUDGET) environment variable is used, else the default.
    type: float
    default: 60
  api_rate_limit:
    description:
      - Requests per second the API allows the token, 1 to 1000. The documented limit is 4; set a higher value only
        when your account's limit is higher.
      - Used only once the API has answered HTTP 429 (see the notes) to space the requests of this token.
      - If not set, the value of the E(UBIDOTS_API_RATE_LIMIT) environment variable is used, else the default.
    type: int
    default: 4
notes:
  - All modules talk to the API from the host they run on, normally the controller (C(localhost)).
  - Requires the Python library C(requests) on that host.
  - On a local connection (a play on C(localhost), or a task with C(delegate_to) set to C(localhost))
    the module runs inside the controller's Ansible process, through its action plugin, rather than as a
    module process of its own; options, results, check mode and diff are the same, and loop items share one
    HTTP connection. It then uses the controller's Python with its C(requests) and CA certificates, and
    C(ansible_python_interpreter) does not apply. A module process is still used for another host, C(become),
    C(async), a controller Python without C(requests), or when the variable C(ubidots_controller_execution)
    is V(false).
  - Once the API answers HTTP 429, the requests of every process of the same user on this host that uses the
    same URL and token (tasks, forks, module processes) are spaced to O(api_rate_limit) requests per second
    (the documented 4 unless set), until 5 minutes after the latest 429, instead of bouncing off further 429s.
    The shared state is a file of recent send times in a directory of the user's own (mode 0700) in the
    temporary directory, named by a hash of the URL and token; the file is removed once pacing is over. Pacing
    is best effort; where that file cannot be used, each process paces on its own.
requirements:
  - requests
'''
