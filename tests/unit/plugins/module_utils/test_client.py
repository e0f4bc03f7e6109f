# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest
import requests
import urllib3

from ansible_collections.ubidots.cloud.plugins.module_utils import contract
from ansible_collections.ubidots.cloud.plugins.module_utils.client import (
    Client, RetryPolicy, UbidotsError, WriteOutcomeUnknown, fingerprint, redact)
from ansible_collections.ubidots.cloud.tests.unit.plugins.module_utils.fakes import (
    FakeClock, FakeResponse, FakeSession, error_body)

TOKEN = 'BBFF-' + 'a' * 30
API = 'https://api.example.test'


def no_jitter(**kwargs):
    return RetryPolicy(rand=lambda: 0.0, **kwargs)


def make_client(*answers, **kwargs):
    """A client over a FakeSession answering ANSWERS, on a fake clock, without jitter unless RETRY says otherwise."""
    clock = FakeClock()
    kwargs.setdefault('retry', no_jitter())
    client = Client(API, TOKEN, sleep=clock.sleep, clock=clock.time, **kwargs)
    client.session = FakeSession(*answers)
    return client, clock.sleeps


def test_token_travels_only_in_the_header():
    client = Client(API, TOKEN)
    assert client.session.headers[contract.TOKEN_HEADER] == TOKEN
    client.session = FakeSession(FakeResponse(200, {'id': 'x'}))
    client.get('organizations/~acme/')
    call = client.session.calls[0]
    assert call['url'] == API + '/api/v2.0/organizations/~acme/'
    assert 'token' not in (call['params'] or {})


@pytest.mark.parametrize('method', ['GET', 'POST', 'PATCH', 'DELETE'])
def test_429_waits_for_retry_after_on_every_method(method):
    client, sleeps = make_client(FakeResponse(429, error_body(429, 'throttled'), {'Retry-After': '3'}),
                                 FakeResponse(200, {'ok': 1}))
    assert client.request(method, 'organizations/') == {'ok': 1}
    assert sleeps == [3.0]
    assert len(client.session.calls) == 2


@pytest.mark.parametrize('status', [502, 503])
def test_502_and_503_are_retried_for_writes(status):
    client, sleeps = make_client(FakeResponse(status, error_body(status, 'busy')), FakeResponse(201, {'id': 'n'}))
    assert client.post('organizations/', {'label': 'a'}) == {'id': 'n'}
    assert sleeps == [0.5]


@pytest.mark.parametrize('status', [500, 504])
def test_500_and_504_are_retried_for_reads_with_backoff(status):
    client, sleeps = make_client(FakeResponse(status, error_body(status, 'oops')),
                                 FakeResponse(status, error_body(status, 'oops')),
                                 FakeResponse(200, {'ok': 1}))
    assert client.get('organizations/') == {'ok': 1}
    assert sleeps == [0.5, 1.0]


@pytest.mark.parametrize('status', [500, 504])
def test_a_write_answered_500_or_504_is_reported_of_unknown_outcome_not_resent(status):
    client, sleeps = make_client(FakeResponse(status, error_body(status, 'oops')))
    with pytest.raises(WriteOutcomeUnknown) as err:
        client.post('organizations/', {'label': 'a'})
    unknown = err.value
    assert (unknown.method, unknown.path, unknown.sent) == ('POST', '/api/v2.0/organizations/', {'label': 'a'})
    assert unknown.late is False
    assert 'HTTP %d' % status in str(unknown) and 'was not sent again' in str(unknown)
    assert len(client.session.calls) == 1 and sleeps == []


@pytest.mark.parametrize('method', ['POST', 'PATCH', 'DELETE'])
def test_a_lost_answer_to_a_write_is_reported_not_resent(method):
    client, dummy = make_client(requests.exceptions.ConnectionError('reset'))
    with pytest.raises(WriteOutcomeUnknown) as err:
        client.request(method, 'organizations/x/', json_body={'name': 'b'} if method != 'DELETE' else None)
    assert err.value.method == method and err.value.late is False
    assert 'connection failed (ConnectionError)' in str(err.value)
    assert len(client.session.calls) == 1


def test_a_write_without_an_answer_in_time_is_reported_late():
    """Found by tests/reliability (slow faults): the server may apply a timed-out POST after any read we make."""
    client, dummy = make_client(requests.exceptions.ReadTimeout('slow'))
    with pytest.raises(WriteOutcomeUnknown) as err:
        client.post('organizations/~a/tokens/', {'name': 'gateway'})
    assert err.value.late is True and 'no answer within 30.0s' in str(err.value)
    assert [c['method'] for c in client.session.calls] == ['POST']


def test_a_write_that_never_left_is_resent_by_the_client():
    client, sleeps = make_client(requests.exceptions.ConnectTimeout('no route'), FakeResponse(201, {'id': 'n'}))
    assert client.post('organizations/', {'label': 'a'}) == {'id': 'n'}
    assert [c['method'] for c in client.session.calls] == ['POST', 'POST'] and sleeps == [0.5]


def test_what_a_write_of_unknown_outcome_sent_holds_no_secret(tmp_path):
    key = 'BBFF-' + 'k' * 30
    client, dummy = make_client(requests.exceptions.ConnectionError('reset'))
    with pytest.raises(WriteOutcomeUnknown) as err:
        client.patch('users/~alice/', {'password': 'hunter2-secret', 'tags': ['a'], 'properties': {'note': key}})
    assert err.value.sent == {'password': '(hidden)', 'tags': ['a'], 'properties': {'note': 'BBFF-<hidden>'}}
    assert 'hunter2' not in str(err.value) and key not in str(err.value)
    client, dummy = make_client(FakeResponse(504, error_body(504, 'late')))
    with pytest.raises(WriteOutcomeUnknown) as err:
        client.patch('organizations/x/', files={'logo': ('logo.png', b'bytes', 'image/png')})
    assert err.value.sent == {'logo': '(file logo.png)'}


def test_exhausted_budget_says_what_was_retried():
    answers = [FakeResponse(503, error_body(503, 'down'))] * 5
    client, sleeps = make_client(*answers, retry=no_jitter(attempts=5))
    with pytest.raises(UbidotsError) as err:
        client.get('organizations/')
    message = str(err.value)
    assert 'failed after 5 attempts in 7.5s (HTTP 503 x5); retry budget: 60.0s in all (retry_budget)' in message
    assert 'at most 5 attempts' in message
    assert sleeps == [0.5, 1.0, 2.0, 4.0]


def test_retries_last_for_the_time_budget_not_a_count():
    """Issue 18: five attempts (7.5 s) ended a bootstrap on a network that failed 30% of requests. Now a request
    keeps trying, waits growing up to 8 s, while the next attempt can start within the budget (60 s by default)."""
    answers = [FakeResponse(503, error_body(503, 'down'))] * 10 + [FakeResponse(200, {'ok': 1})]
    client, sleeps = make_client(*answers)
    assert client.get('organizations/') == {'ok': 1}
    assert sleeps == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0]


def test_a_permanent_outage_fails_within_the_budget_with_a_clear_message():
    client, sleeps = make_client(*[FakeResponse(503, error_body(503, 'down'))] * 50, retry=no_jitter(budget=20.0))
    with pytest.raises(UbidotsError) as err:
        client.get('organizations/')
    assert sum(sleeps) <= 20.0 and sleeps == [0.5, 1.0, 2.0, 4.0, 8.0]
    assert 'failed after 6 attempts in 15.5s (HTTP 503 x6); retry budget: 20.0s in all (retry_budget)' in str(err.value)


def test_a_zero_budget_makes_one_attempt():
    client, sleeps = make_client(FakeResponse(503, error_body(503, 'down')), retry=no_jitter(budget=0))
    with pytest.raises(UbidotsError) as err:
        client.get('organizations/')
    assert sleeps == [] and 'failed after 1 attempts' in str(err.value)


def test_waits_are_jittered_between_half_and_all_of_the_backoff():
    policy = RetryPolicy(rand=lambda: 1.0)
    assert [policy.delay(n) for n in (1, 2, 5, 9)] == [0.25, 0.5, 4.0, 4.0]
    assert all(0.25 <= RetryPolicy().delay(1) <= 0.5 for dummy in range(50))
    assert policy.delay(3, retry_after=7.0) == 7.0


def test_no_answer_at_all_points_at_api_url():
    """Found by tests/reliability (bad input: a closed port): the message only said to wait for a healthy API."""
    client, sleeps = make_client(*[requests.exceptions.ConnectionError('refused')] * 5, retry=no_jitter(attempts=5))
    with pytest.raises(UbidotsError) as err:
        client.get('organizations/')
    message = str(err.value)
    assert 'failed after 5 attempts in 7.5s (connection failed (ConnectionError) x5)' in message
    assert 'Nothing answered at https://api.example.test: check api_url and the network' in message
    assert len(sleeps) == 4


def test_an_answering_api_that_fails_is_not_blamed_on_api_url():
    answers = [requests.exceptions.ConnectionError('reset')] + [FakeResponse(503, error_body(503, 'down'))] * 4
    client, dummy = make_client(*answers, retry=no_jitter(attempts=5))
    with pytest.raises(UbidotsError) as err:
        client.get('organizations/')
    assert 'check api_url' not in str(err.value) and 'once the API is healthy' in str(err.value)


def test_retry_after_beyond_the_cap_fails_with_the_reason():
    client, dummy = make_client(FakeResponse(429, error_body(429, 't'), {'Retry-After': '3600'}))
    with pytest.raises(UbidotsError) as err:
        client.get('organizations/')
    assert 'asked to wait 3600.0s' in str(err.value)


def test_error_message_names_method_path_status_code_and_detail():
    body = {'code': 400001, 'message': 'Validation Error.', 'detail': {'label': ['bad label']}}
    client, dummy = make_client(FakeResponse(400, body))
    with pytest.raises(UbidotsError) as err:
        client.post('organizations/', {'label': 'a b'})
    assert str(err.value) == ("POST /api/v2.0/organizations/ failed: HTTP 400, code 400001: Validation Error. "
                              "Detail: {'label': ['bad label']}")
    assert err.value.status == 400 and err.value.code == 400001


def test_error_message_never_holds_a_token_or_key():
    key = 'BBFF-' + 'Z' * 30
    body = {'code': 400001, 'message': 'Validation Error.', 'detail': {'key': [key], 'token': [TOKEN]}}
    client, dummy = make_client(FakeResponse(400, body))
    with pytest.raises(UbidotsError) as err:
        client.get('organizations/', params={'token': TOKEN})
    assert key not in str(err.value) and TOKEN not in str(err.value)
    assert 'BBFF-<hidden>' in str(err.value)


def test_wrong_token_hint_names_the_option_and_variable():
    client, dummy = make_client(FakeResponse(401, error_body(401, 'Incorrect authentication credentials.')))
    with pytest.raises(UbidotsError) as err:
        client.get('organizations/')
    assert 'api_token' in str(err.value) and 'UBIDOTS_TOKEN' in str(err.value)


def test_html_answer_is_reported_as_not_the_api():
    client, dummy = make_client(FakeResponse(200, text='<html>proxy login</html>', headers={'Content-Type': 'text/html'}))
    with pytest.raises(UbidotsError) as err:
        client.get('organizations/')
    assert 'not JSON (text/html)' in str(err.value)
    assert 'proxy login' in str(err.value)


def test_missing_object_is_none_when_allowed():
    client, dummy = make_client(FakeResponse(404, error_body(404, 'Not found.')))
    assert client.get('organizations/~gone/', missing_ok=True) is None


@pytest.mark.parametrize('answer', [
    FakeResponse(404, text='<html><h1>404 Not Found</h1></html>', headers={'Content-Type': 'text/html'}),
    FakeResponse(404, {'detail': 'Not found.'}),
    FakeResponse(404, {'code': 404002, 'message': 'Something else.'}),
], ids=['html', 'json-without-code', 'another-code'])
def test_a_404_that_is_not_the_apis_not_found_is_an_error_not_absent(answer):
    """Issue 18: a proxy's or a wrong base URL's 404 read as "absent", so state=absent reported ok and present created."""
    client, dummy = make_client(answer)
    with pytest.raises(UbidotsError) as err:
        client.get('organizations/~acme/', missing_ok=True)
    assert err.value.status == 404 and 'HTTP 404' in str(err.value)
    if answer.headers.get('Content-Type') == 'text/html':
        assert 'Is api_url (https://api.example.test) the base URL of the Ubidots API?' in str(err.value)


def test_a_delete_of_a_gone_object_needs_the_apis_not_found():
    client, dummy = make_client(FakeResponse(404, error_body(404, 'Not found.')))
    assert client.delete('organizations/x/') is None
    client, dummy = make_client(FakeResponse(404, text='gone', headers={'Content-Type': 'text/plain'}))
    with pytest.raises(UbidotsError):
        client.delete('organizations/x/')


def test_list_follows_next_links():
    page1 = {'count': 3, 'next': API + '/api/v2.0/organizations/?page=2&page_size=2', 'results': [{'id': 1}, {'id': 2}]}
    page2 = {'count': 3, 'next': None, 'results': [{'id': 3}]}
    client, dummy = make_client(FakeResponse(200, page1), FakeResponse(200, page2))
    assert client.list('organizations/', {'label': 'a'}) == [{'id': 1}, {'id': 2}, {'id': 3}]
    first, second = client.session.calls
    assert first['params'] == {'label': 'a', 'page_size': contract.PAGE_SIZE}
    assert second['url'].endswith('page=2&page_size=2') and second['params'] is None


def test_list_stops_at_the_page_cap(monkeypatch):
    monkeypatch.setattr(contract, 'MAX_PAGES', 2)
    page = {'count': 9, 'next': API + '/api/v2.0/organizations/?page=2', 'results': [{}]}
    client, dummy = make_client(FakeResponse(200, page), FakeResponse(200, page))
    with pytest.raises(UbidotsError) as err:
        client.list('organizations/')
    assert 'stopped after 2 pages' in str(err.value)


def test_list_refuses_next_links_to_another_origin():
    page = {'count': 2, 'next': 'https://evil.example/api/v2.0/organizations/?page=2', 'results': [{}]}
    client, dummy = make_client(FakeResponse(200, page))
    with pytest.raises(UbidotsError) as err:
        client.list('organizations/')
    assert 'another origin' in str(err.value)


def test_downloads_go_without_the_token():
    client, dummy = make_client(FakeResponse(200, text='PNGDATA'))
    assert client.download('https://cdn.example/raw.png') == b'PNGDATA'
    assert client.session.calls[0]['headers'] == {contract.TOKEN_HEADER: None}


def test_redact_and_fingerprint():
    key = 'BBFF-' + 'b' * 30
    assert redact('key=%s.' % key) == 'key=BBFF-<hidden>.'
    assert fingerprint(key) == fingerprint(key) and fingerprint(key).startswith('sha256:')
    assert key[5:] not in fingerprint(key)
    assert fingerprint(None) is None


def refused():
    """What requests raises when nothing listens: urllib3's NewConnectionError inside the error it wraps."""
    cause = urllib3.exceptions.NewConnectionError(None, 'Connection refused')
    return requests.exceptions.ConnectionError(urllib3.exceptions.MaxRetryError(None, '/', reason=cause))


def test_a_write_whose_connection_was_refused_is_resent_by_the_client():
    """Found by review: a refused connection counted as a write that may have been sent (the re-read path)."""
    client, sleeps = make_client(refused(), FakeResponse(201, {'id': 'n'}))
    assert client.post('organizations/', {'label': 'a'}) == {'id': 'n'}
    assert [c['method'] for c in client.session.calls] == ['POST', 'POST'] and len(sleeps) == 1


def test_a_refused_connection_names_its_cause():
    client, dummy = make_client(*[refused()] * 3, retry=no_jitter(attempts=3))
    with pytest.raises(UbidotsError) as err:
        client.delete('organizations/x/')
    assert 'no connection (NewConnectionError) x3' in str(err.value)
    assert 'Nothing answered at https://api.example.test' in str(err.value)
