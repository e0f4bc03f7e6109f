# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one HTTP client of the collection: auth, timeouts, retries, pagination, errors.

Error messages built here name the method, path, status, Ubidots error code and
detail, and never a header, a request body or anything shaped like a token.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib
import random
import time
import traceback

try:
    from urllib.parse import urlsplit
except ImportError:  # pragma: no cover - Python 2 is not supported, this keeps sanity's py2 compile quiet
    from urlparse import urlsplit

try:
    import requests
    from urllib3.exceptions import NewConnectionError
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError:
    requests = None
    NewConnectionError = None
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()

from ansible_collections.ubidots.cloud.plugins.module_utils import contract
from ansible_collections.ubidots.cloud.plugins.module_utils.pacing import Pacer

USER_AGENT = 'ubidots.cloud-ansible-collection'
SAFE_METHODS = ('GET', 'HEAD')
# The server says it did not process the request: retried for every method.
RETRY_ANY_METHOD = (429, 502, 503)
# The request may have been processed: retried only when it reads; a write's outcome is then unknown.
OUTCOME_UNKNOWN_STATUSES = (500, 504)
# Seconds one logical request may spend on attempts and waits before a transient failure is final (retry_budget).
DEFAULT_RETRY_BUDGET = 60.0


class UbidotsError(Exception):
    """A failure whose message is safe to show: it never holds a secret."""

    def __init__(self, message, status=None, code=None, detail=None):
        super(UbidotsError, self).__init__(redact(message))
        self.status = status
        self.code = code
        self.detail = detail  # the error envelope's detail, for callers that act on it (never shown as is)


class WriteOutcomeUnknown(UbidotsError):
    """A write was sent and nothing says whether the server applied it (a lost answer, a timeout after sending, a
    500 or 504). The client never sends it again: the engine decides from what the server holds now.

    ``method`` and ``path`` name the request, ``sent`` is what its body held with every secret hidden, ``reason`` is
    why its outcome is unknown, and ``late`` says the server may still apply it after a read that does not show it
    (no answer in time after sending).
    """

    def __init__(self, method, path, sent, reason, late):
        super(WriteOutcomeUnknown, self).__init__('%s %s failed (%s): whether the server applied it is unknown, so it '
                                                  'was not sent again.' % (method, path, reason))
        self.method = method
        self.path = path
        self.sent = sent
        self.reason = reason
        self.late = late


def sent_summary(json_body, files):
    """What a write sent, safe to keep and show: secret fields hidden, anything shaped like a token redacted, files
    by name."""
    def safe(value, name=None):
        if name in contract.SECRET_FIELDS and value is not None:
            return '(hidden)'
        if isinstance(value, dict):
            return dict((key, safe(item, key)) for key, item in value.items())
        if isinstance(value, list):
            return [safe(item) for item in value]
        return redact(value) if isinstance(value, str) else value
    summary = safe(json_body) if json_body is not None else {}
    if files:
        summary = dict(summary, **dict((name, '(file %s)' % redact(upload[0])) for name, upload in files.items()))
    return summary


def redact(text):
    """Hide anything shaped like a Ubidots token or key."""
    return contract.SECRET_PATTERN.sub('BBFF-<hidden>', str(text))


def fingerprint(secret):
    """A short, stable, non-reversible name for a secret, for diffs and results."""
    if not secret:
        return None
    return 'sha256:' + hashlib.sha256(secret.encode('utf-8')).hexdigest()[:12]


class RetryPolicy:
    """How long to keep retrying a transient failure before it is final: a time budget, not a count.

    Waits grow exponentially from ``backoff`` up to ``max_backoff`` seconds, each one shortened by a random
    part of up to ``jitter`` (so that runs hit by the same outage do not come back in step). Another attempt
    is made only while the time spent on the request so far plus the next wait fits in ``budget`` seconds;
    ``attempts``, when set, caps the count as well. A budget of 0 means one attempt, no retry.
    """

    def __init__(self, budget=DEFAULT_RETRY_BUDGET, backoff=0.5, max_backoff=8.0, max_retry_after=60.0,
                 attempts=None, jitter=0.5, rand=random.random):
        self.budget = budget
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.max_retry_after = max_retry_after
        self.attempts = attempts
        self.jitter = jitter
        self.rand = rand

    def delay(self, attempt, retry_after=None):
        """Seconds to wait before attempt ``attempt + 1``; the server's Retry-After wins."""
        if retry_after is not None:
            return retry_after
        ceiling = min(self.backoff * (2 ** (attempt - 1)), self.max_backoff)
        return ceiling * (1.0 - self.jitter * self.rand())

    def allows(self, attempt, elapsed, wait):
        """Whether attempt ``attempt + 1`` may follow, ``elapsed`` seconds into the request, after ``wait``."""
        if self.attempts is not None and attempt >= self.attempts:
            return False
        return elapsed + wait <= self.budget

    def describe(self):
        text = ('%ss in all (retry_budget), exponential backoff from %ss up to %ss with jitter, Retry-After honoured '
                'up to %ss' % (self.budget, self.backoff, self.max_backoff, self.max_retry_after))
        if self.attempts is not None:
            text += ', at most %d attempts' % self.attempts
        return text


def connection_refusal(exc):
    """The cause of a requests ConnectionError that failed before any connection was made (refused, name not
    resolved), so that the request cannot have been sent; None for any other. urllib3 puts that cause in the
    ``reason`` of the error it wraps."""
    reason = getattr(exc.args[0], 'reason', None) if exc.args else None
    return reason if NewConnectionError is not None and isinstance(reason, NewConnectionError) else None


def _condensed(failures):
    """'HTTP 503 x4, connection failed (ConnectionError)': repeated reasons in a row counted, not repeated."""
    runs = []
    for failure in failures:
        if runs and runs[-1][0] == failure:
            runs[-1][1] += 1
        else:
            runs.append([failure, 1])
    return ', '.join(reason if count == 1 else '%s x%d' % (reason, count) for reason, count in runs)


def _retry_after_seconds(response):
    value = response.headers.get('Retry-After')
    try:
        return max(float(value), 0.0)
    except (TypeError, ValueError):
        return None


def _short_body(response):
    text = response.text.strip().replace('\n', ' ')
    return text[:120] + ('...' if len(text) > 120 else '')


class Client:
    """One ``requests.Session`` per task, speaking the API with the account token."""

    def __init__(self, api_url, token, validate_certs=True, timeout=30.0, retry=None, sleep=time.sleep, pacer=None,
                 proxies=None, clock=time.monotonic, rate_limit=None):
        self.api_url = api_url.rstrip('/')
        self.pacer = pacer or Pacer(self.api_url, token, limit=rate_limit or contract.API_RATE_LIMIT, sleep=sleep)
        self.clock = clock
        self.validate_certs = validate_certs
        self.timeout = timeout
        self.retry = retry or RetryPolicy()
        self.sleep = sleep
        self.scopes = {}  # the lists the engine read through this client (engine.Scope), by path
        self.session = requests.Session()
        self.session.headers.update({
            contract.TOKEN_HEADER: token,
            'Accept': 'application/json',
            'User-Agent': USER_AGENT,
        })
        if proxies:
            self.session.proxies.update(proxies)

    # --- public verbs -----------------------------------------------------------------
    def get(self, path, params=None, missing_ok=False):
        """The object at ``path``; None for a 404 when ``missing_ok``."""
        return self.request('GET', path, params=params, missing_ok=missing_ok)

    def post(self, path, payload):
        return self.request('POST', path, json_body=payload)

    def patch(self, path, payload=None, files=None):
        return self.request('PATCH', path, json_body=payload, files=files)

    def delete(self, path):
        return self.request('DELETE', path, missing_ok=True)

    def page(self, path, params=None):
        """One page of a list endpoint: its envelope (count, next, results), checked. The first page by default,
        with the largest page size the API allows."""
        query = None
        if not path.startswith(('http://', 'https://')):
            query = dict(params or {})
            query.setdefault('page_size', contract.PAGE_SIZE)
        body = self.request('GET', path, params=query)
        if not isinstance(body, dict) or not isinstance(body.get('results'), list):
            raise UbidotsError('GET %s returned a body that is not a list envelope (count/next/results).'
                               % self.display_path(self.url(path), query))
        return body

    def list(self, path, params=None):
        """Every result of a list endpoint, following ``next`` links up to a hard cap."""
        url, query = path, params
        results = []
        for _page in range(contract.MAX_PAGES):
            body = self.page(url, query)
            results.extend(body['results'])
            next_url = body.get('next')
            if not next_url:
                return results
            self._check_same_origin(next_url)
            url = next_url
        raise UbidotsError('GET %s: stopped after %d pages of %s results; narrow the query with filters.'
                           % (self.display_path(self.url(path), params), contract.MAX_PAGES,
                              dict(params or {}).get('page_size', contract.PAGE_SIZE)))

    def download(self, url):
        """Bytes behind a public file URL (favicon, logo), fetched without the token."""
        # Images may be served by a CDN on another host: the token must not travel there.
        return self.request('GET', url, raw=True, send_token=False)

    # --- machinery ----------------------------------------------------------------------
    def url(self, path):
        if path.startswith(('http://', 'https://')):
            return path
        return self.api_url + contract.API_PREFIX + path

    @staticmethod
    def display_path(url, params=None):
        """Path and query of a request as shown in messages (never a token parameter)."""
        parts = urlsplit(url)
        shown = parts.path
        query = [p for p in parts.query.split('&') if p and not p.startswith('token=')]
        query += ['%s=%s' % (k, v) for k, v in sorted((params or {}).items()) if k != 'token']
        return shown + ('?' + '&'.join(query) if query else '')

    def _check_same_origin(self, url):
        ours, theirs = urlsplit(self.api_url), urlsplit(url)
        if (ours.scheme, ours.netloc) != (theirs.scheme, theirs.netloc):
            raise UbidotsError('The API sent a next-page link to another origin (%s://%s); refusing to send the token there.'
                               % (theirs.scheme, theirs.netloc))

    def _send(self, method, url, params, json_body, files, send_token):
        headers = None if send_token else {contract.TOKEN_HEADER: None}
        if send_token:
            self.pacer.before_request()
        return self.session.request(method, url, params=params, json=json_body, files=files, headers=headers,
                                    timeout=self.timeout, verify=self.validate_certs)

    def request(self, method, path, params=None, json_body=None, files=None, missing_ok=False, raw=False, send_token=True):
        """Send one logical request, retrying by the policy what is safe to retry: every request the server says it
        did not process (429, 502, 503) or that never left (no connection), and any failure of a read.

        A write that may have been applied (no answer after it was sent, a 500 or 504) is never sent again here: it
        raises WriteOutcomeUnknown, and the engine decides from a re-read of the objects it wrote.
        """
        url = self.url(path)
        shown = '%s %s' % (method, self.display_path(url, params))
        failures = []
        answered = False  # whether any attempt reached a server that answered
        started = self.clock()
        attempt = 0
        while True:
            attempt += 1
            response, failure, delivery = self._attempt(method, url, params, json_body, files, send_token, shown)
            answered = answered or response is not None
            if failure is None:
                if response.status_code not in RETRY_ANY_METHOD + OUTCOME_UNKNOWN_STATUSES:
                    return self._result(response, shown, missing_ok, raw)
                failure = 'HTTP %d' % response.status_code
            failures.append(failure)
            if method not in SAFE_METHODS and self._outcome_unknown(response, delivery):
                raise WriteOutcomeUnknown(method, self.display_path(url, params), sent_summary(json_body, files),
                                          _condensed(failures), late=delivery == 'late')
            delay = self.retry.delay(attempt, self._retry_after(response, shown, failures))
            if not self.retry.allows(attempt, self.clock() - started, delay):
                break
            self.sleep(delay)
        if not answered:
            advice = 'Nothing answered at %s: check api_url and the network. Run the task again once it answers.' % self.api_url
        else:
            advice = 'Run the task again once the API is healthy.'
        raise UbidotsError('%s failed after %d attempts in %.1fs (%s); retry budget: %s. %s'
                           % (shown, len(failures), self.clock() - started, _condensed(failures), self.retry.describe(),
                              advice))

    @staticmethod
    def _outcome_unknown(response, delivery):
        """Whether a failed write may have been applied: it left and got no answer, or the server failed while on it."""
        if response is None:
            return delivery is not None
        return response.status_code in OUTCOME_UNKNOWN_STATUSES

    def _attempt(self, method, url, params, json_body, files, send_token, shown):
        """(response, None, 'answered') when the server answered, else (None, reason, how far the request went):
        None (it never left: no connection), 'sent' (the connection broke after it may have been sent) or 'late'
        (sent, and no answer in time: the server may still be working on it)."""
        try:
            return self._send(method, url, params, json_body, files, send_token), None, 'answered'
        except requests.exceptions.SSLError as exc:
            raise UbidotsError('%s: TLS verification failed for %s (%s). Fix the certificate, or set validate_certs: false '
                               'only for a test server you trust.' % (shown, self.api_url, exc.__class__.__name__))
        except requests.exceptions.ConnectTimeout:
            return None, 'no connection within %ss' % self.timeout, None
        except requests.exceptions.Timeout:
            return None, 'no answer within %ss' % self.timeout, 'late'
        except requests.exceptions.ConnectionError as exc:
            refusal = connection_refusal(exc)
            if refusal is not None:  # refused, or the name did not resolve: nothing left, a write is safe to resend
                return None, 'no connection (%s)' % refusal.__class__.__name__, None
            return None, 'connection failed (%s)' % exc.__class__.__name__, 'sent'
        except requests.exceptions.RequestException as exc:
            raise UbidotsError('%s: the request could not be sent (%s). Check api_url (%s).'
                               % (shown, exc.__class__.__name__, self.api_url))

    def _retry_after(self, response, shown, failures):
        if response is None or response.status_code != 429:
            return None
        self.pacer.throttled()
        wait = _retry_after_seconds(response)
        if wait is not None and wait > self.retry.max_retry_after:
            raise UbidotsError('%s was throttled and asked to wait %ss, more than the %ss we allow (%s).'
                               % (shown, wait, self.retry.max_retry_after, ', '.join(failures)))
        return wait

    def _result(self, response, shown, missing_ok, raw):
        status = response.status_code
        # Absent only by the API's own word: a 404 from a proxy or a wrong base URL is an error, not a missing object.
        if status == 404 and missing_ok and self._error_envelope(response).get('code') == contract.CODE_NOT_FOUND:
            return None
        if status >= 400:
            envelope = self._error_envelope(response)
            raise UbidotsError(self._error_message(response, shown), status=status, code=envelope.get('code'),
                               detail=envelope.get('detail'))
        if raw:
            return response.content
        if status == 204 or not response.content:
            return None
        try:
            return response.json()
        except ValueError:
            raise UbidotsError('%s returned HTTP %d with a body that is not JSON (%s): %r. Is api_url (%s) the Ubidots API?'
                               % (shown, status, response.headers.get('Content-Type', 'no content type'),
                                  _short_body(response), self.api_url))

    @staticmethod
    def _error_envelope(response):
        try:
            body = response.json()
        except ValueError:
            return {}
        return body if isinstance(body, dict) else {}

    def _error_message(self, response, shown):
        status = response.status_code
        try:
            body = response.json()
        except ValueError:
            body = None
        if isinstance(body, dict) and 'message' in body:
            message = '%s failed: HTTP %d, code %s: %s' % (shown, status, body.get('code'), body.get('message'))
            detail = body.get('detail')
            if detail not in (None, '', body.get('message')):
                message += ' Detail: %s' % (detail,)
        else:
            message = '%s failed: HTTP %d with a body that is not a Ubidots error (%s): %r. Is api_url (%s) the base URL of ' \
                      'the Ubidots API?' % (shown, status, response.headers.get('Content-Type', 'no content type'),
                                            _short_body(response), self.api_url)
        return message + _HINTS.get(status, '')


_HINTS = {
    401: ' Check api_token (or the UBIDOTS_TOKEN environment variable): it must be a live account token.',
    403: ' The token may not do this: the modules need the account (admin) token, not an organizational token.',
}
