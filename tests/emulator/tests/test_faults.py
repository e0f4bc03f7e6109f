# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Latency and seeded fault injection."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import time

import pytest
import requests

ORGS = '/api/v2.0/organizations/'
SERVER_FAULTS = {
    '500': {'code': 500001, 'message': 'A server error occurred.', 'detail': 'A server error occurred.'},
    '502': {'code': 502001, 'message': 'Bad gateway.', 'detail': 'Bad gateway.'},
    '503': {'code': 503001, 'message': 'Service temporarily unavailable.', 'detail': 'Service temporarily unavailable.'},
}


def last_entry(control):
    return control.requests()['requests'][-1]


@pytest.mark.parametrize('kind', sorted(SERVER_FAULTS))
def test_server_fault_bodies(api, control, kind):
    control.configure(fault_rate=1.0, fault_kinds=[kind])
    response = api.post(ORGS, json={'label': 'acme'})
    assert response.status_code == int(kind)
    assert response.json() == SERVER_FAULTS[kind]
    entry = last_entry(control)
    assert (entry['fault'], entry['status'], entry['write']) == (kind, int(kind), True)
    control.configure(fault_rate=0.0)
    assert api.get(ORGS + '~acme').status_code == 404


def test_throttle_fault_has_retry_after(api, control):
    control.configure(fault_rate=1.0, fault_kinds=['429'])
    response = api.get(ORGS)
    assert response.status_code == 429
    assert response.headers['Retry-After'] == '1'
    message = 'Request was throttled. Expected available in 1 seconds.'
    assert response.json() == {'code': 429001, 'message': message, 'detail': message}


def test_drop_closes_the_connection_before_processing(api, control):
    control.configure(fault_rate=1.0, fault_kinds=['drop'])
    with pytest.raises(requests.exceptions.ConnectionError):
        api.post(ORGS, json={'label': 'acme'})
    entry = last_entry(control)
    assert (entry['fault'], entry['status'], entry['write']) == ('drop', None, True)
    control.configure(fault_rate=0.0)
    assert api.get(ORGS + '~acme').status_code == 404


def test_lost_response_applies_the_write(api, control):
    control.configure(fault_rate=1.0, fault_kinds=['lost'])
    with pytest.raises(requests.exceptions.ConnectionError):
        api.post(ORGS, json={'label': 'acme'})
    entry = last_entry(control)
    assert (entry['fault'], entry['status']) == ('lost', 201)
    control.configure(fault_rate=0.0)
    assert api.get(ORGS + '~acme').status_code == 200


def test_slow_answers_normally_after_the_delay(api, control):
    control.configure(fault_rate=1.0, fault_kinds=['slow'], slow_ms=300)
    started = time.monotonic()
    response = api.get(ORGS)
    assert time.monotonic() - started >= 0.3
    assert response.status_code == 200
    assert last_entry(control)['fault'] == 'slow'


def test_latency_delays_api_requests_only(api, control):
    control.configure(latency_ms=250)
    started = time.monotonic()
    assert api.get(ORGS).status_code == 200
    assert time.monotonic() - started >= 0.25
    started = time.monotonic()
    control.requests()
    assert time.monotonic() - started < 0.25


def _statuses(api, count=30):
    """The outcome of `count` GETs: a status, or 'drop' when the connection was closed."""
    outcomes = []
    for dummy in range(count):
        try:
            outcomes.append(api.get(ORGS).status_code)
        except requests.exceptions.ConnectionError:
            outcomes.append('drop')
    return outcomes


def test_same_seed_same_faults(api, control):
    control.configure(fault_rate=0.5, fault_kinds=['429', '500', '503', 'drop'], seed=7)
    first = _statuses(api)
    logged = [entry['fault'] for entry in control.requests()['requests']]
    control.clear_requests()
    control.configure(seed=7)
    assert _statuses(api) == first
    assert [entry['fault'] for entry in control.requests()['requests']] == logged
    # Both outcomes occur, and the faults are of several kinds.
    assert 200 in first and len(set(first) - {200}) >= 3
    control.configure(seed=8)
    assert _statuses(api) != first


def test_faults_spare_control_and_media_paths(api, control):
    created = api.post(ORGS, data={'label': 'acme'}, files={'logo': ('l.png', b'\x89PNG\r\n\x1a\nrest')}).json()
    control.configure(fault_rate=1.0, fault_kinds=['500'])
    assert requests.get(created['logo']['raw'], timeout=10).status_code == 200
    assert requests.get(control.url('config'), timeout=10).status_code == 200
    assert api.get(ORGS).status_code == 500


def test_invalid_config_is_refused(control):
    for change in ({'fault_rate': 2}, {'fault_kinds': ['boom']}, {'rate_limit': '4'}, {'latency_ms': -1}, {'nope': 1}):
        response = requests.patch(control.url('config'), json=change, timeout=10)
        assert response.status_code == 400, change
        assert response.json()['code'] == 400001
    assert requests.get(control.url('config'), timeout=10).json()['fault_rate'] == 0.0
