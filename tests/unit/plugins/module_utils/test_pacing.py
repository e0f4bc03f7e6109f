# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pacing: free until the server throttles, then exactly the documented rate, shared by every process."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import stat

import pytest

from ansible_collections.ubidots.cloud.plugins.module_utils import pacing
from ansible_collections.ubidots.cloud.plugins.module_utils.client import Client
from ansible_collections.ubidots.cloud.plugins.module_utils.pacing import MARGIN_SECONDS, Pacer
from ansible_collections.ubidots.cloud.tests.unit.plugins.module_utils.fakes import FakeClock, FakeResponse, FakeSession

API = 'https://api.example.test'
TOKEN = 'BBFF-' + 'p' * 30


class Clock(FakeClock):
    """A clock that sleeping moves forward, from 1000 s; records every sleep to the millisecond."""

    def __init__(self):
        super(Clock, self).__init__(now=1000.0, digits=3)

    def pacer(self, directory, token=TOKEN):
        return Pacer(API, token, directory=str(directory), clock=self.time, sleep=self.sleep)

    def send(self, pacer, count):
        """COUNT requests through PACER; the times they went out."""
        sent = []
        for dummy in range(count):
            pacer.before_request()
            sent.append(self.now)
        return sent


def test_no_waiting_before_the_server_throttles(tmp_path):
    clock = Clock()
    pacer = clock.pacer(tmp_path)
    clock.send(pacer, 20)
    assert clock.sleeps == []


def test_after_a_429_at_most_limit_requests_per_window(tmp_path):
    clock = Clock()
    pacer = clock.pacer(tmp_path)
    pacer.throttled()
    sent = clock.send(pacer, 9)
    assert sent[:4] == [1000.0] * 4
    window = 1.0 + MARGIN_SECONDS
    assert sent[4] == pytest.approx(1000.0 + window) and sent[8] == pytest.approx(1000.0 + 2 * window)
    for first, fifth in zip(sent, sent[4:]):
        assert fifth - first >= 1.0


def test_processes_with_the_same_token_share_the_pace(tmp_path):
    clock = Clock()
    one, other = clock.pacer(tmp_path), clock.pacer(tmp_path)
    one.throttled()
    for pacer in (one, other, one, other):
        pacer.before_request()
    assert clock.sleeps == []
    other.before_request()
    assert clock.sleeps == [pytest.approx(1.0 + MARGIN_SECONDS)]


def test_another_token_is_paced_on_its_own(tmp_path):
    clock = Clock()
    clock.pacer(tmp_path).throttled()
    free = clock.pacer(tmp_path, token='BBFF-' + 'q' * 30)
    clock.send(free, 10)
    assert clock.sleeps == []


def test_pacing_ends_after_its_time(tmp_path):
    clock = Clock()
    pacer = clock.pacer(tmp_path)
    pacer.throttled()
    clock.now += pacing.PACE_SECONDS + 1
    clock.send(pacer, 10)
    assert clock.sleeps == []


def test_state_file_is_private_and_holds_no_token(tmp_path):
    clock = Clock()
    pacer = clock.pacer(tmp_path)
    pacer.throttled()
    pacer.before_request()
    assert TOKEN not in pacer.path and os.path.dirname(pacer.path) == str(tmp_path)
    assert stat.S_IMODE(os.stat(pacer.path).st_mode) == 0o600
    with open(pacer.path) as handle:
        assert TOKEN not in handle.read()


def test_unusable_directory_still_paces_within_the_process(tmp_path):
    clock = Clock()
    pacer = clock.pacer(tmp_path / 'missing')
    pacer.throttled()
    clock.send(pacer, 5)
    assert clock.sleeps == [pytest.approx(1.0 + MARGIN_SECONDS)]


@pytest.mark.parametrize('content', ['[not json', '{"sent": "abc"}', '[1, 2]', '{"paced_until": "soon"}'])
def test_a_corrupt_state_file_is_replaced(tmp_path, content):
    clock = Clock()
    pacer = clock.pacer(tmp_path)
    with open(pacer.path, 'w') as handle:
        handle.write(content)
    os.chmod(pacer.path, 0o600)
    pacer.throttled()
    clock.send(pacer, 5)
    assert clock.sleeps == [pytest.approx(1.0 + MARGIN_SECONDS)]
    with open(pacer.path) as handle:
        assert json.load(handle)['paced_until'] == 1000.0 + pacing.PACE_SECONDS + 1.0 + MARGIN_SECONDS - 1.0 - MARGIN_SECONDS


def test_send_times_from_the_future_never_make_a_long_wait(tmp_path):
    clock = Clock()
    pacer = clock.pacer(tmp_path)
    with open(pacer.path, 'w') as handle:
        json.dump({'paced_until': clock.now + 10, 'sent': [clock.now + 3600] * 4}, handle)
    os.chmod(pacer.path, 0o600)
    clock.send(pacer, 5)
    assert all(wait <= 1.0 + MARGIN_SECONDS for wait in clock.sleeps)


def test_no_lock_and_no_write_while_pacing_is_off(tmp_path):
    clock = Clock()
    pacer = clock.pacer(tmp_path)
    clock.send(pacer, 3)
    assert not os.path.exists(pacer.path)


def test_a_file_planted_by_someone_else_is_not_used(tmp_path):
    clock = Clock()
    pacer = clock.pacer(tmp_path)
    with open(pacer.path, 'w') as handle:
        json.dump({'paced_until': clock.now + 100, 'sent': [clock.now] * 4}, handle)
    os.chmod(pacer.path, 0o666)  # not private: ignored, so its send times cause no wait
    pacer.before_request()
    assert clock.sleeps == []
    with open(pacer.path) as handle:
        assert json.load(handle)['sent'] == [clock.now] * 4


def test_the_default_directory_is_private_to_the_user(private_pace_directory):
    pacer = Pacer(API, TOKEN)
    pacer.throttled()
    directory = os.path.dirname(pacer.path)
    assert os.path.dirname(directory) == str(private_pace_directory)
    assert stat.S_IMODE(os.stat(directory).st_mode) == 0o700
    os.chmod(directory, 0o777)
    pacer.throttled()  # a directory others can write is not used: the state stays in the process
    assert pacer._memory['paced_until'] > 0


def test_a_failing_lock_falls_back_to_the_process(tmp_path, monkeypatch):
    clock = Clock()
    pacer = clock.pacer(tmp_path)

    def no_locks(handle, operation):
        raise OSError(37, 'No locks available')

    monkeypatch.setattr(pacing.fcntl, 'flock', no_locks)
    monkeypatch.setattr(pacing, 'LOCK_SECONDS', 0.0)
    pacer.throttled()
    clock.send(pacer, 5)
    assert clock.sleeps == [pytest.approx(1.0 + MARGIN_SECONDS)]


def test_client_paces_after_a_429(tmp_path, monkeypatch):
    clock = Clock()
    answers = [FakeResponse(429, {'code': 429001, 'message': 'Throttled'}, headers={'Retry-After': '1'})]
    answers += [FakeResponse(200, {'id': 'x'}) for dummy in range(6)]
    session = FakeSession(*answers)
    monkeypatch.setattr('ansible_collections.ubidots.cloud.plugins.module_utils.client.requests.Session', lambda: session)
    client = Client(API, TOKEN, sleep=clock.sleep, pacer=clock.pacer(tmp_path))
    for dummy in range(6):
        client.get('things/x/')
    assert len(session.calls) == 7
    # The Retry-After wait, then pacing: 7 sends, so at least one wait for the window.
    assert clock.sleeps[0] == 1
    assert len(clock.sleeps) >= 2


def test_the_state_file_is_removed_once_pacing_is_over(tmp_path):
    """Issue 18: pacing state files were left in the temporary directory for ever."""
    clock = Clock()
    pacer = clock.pacer(tmp_path)
    pacer.throttled()
    clock.send(pacer, 2)
    assert os.path.exists(pacer.path)
    clock.now += pacing.PACE_SECONDS + 1
    clock.send(pacer, 1)
    assert not os.path.exists(pacer.path)
    clock.send(pacer, 5)  # pacing stays off and no file comes back
    assert not os.path.exists(pacer.path)
    pacer.throttled()  # a new 429 starts over with a new file
    assert os.path.exists(pacer.path)


def test_a_429_removes_the_long_finished_files_of_other_tokens(tmp_path):
    clock = Clock()
    old = tmp_path / 'pace-0123456789abcdef0123.json'
    old.write_text('{"paced_until": 1.0}')
    os.utime(str(old), (1, 1))
    recent = tmp_path / 'pace-fedcba9876543210fedc.json'
    recent.write_text('{"paced_until": 1.0}')
    unrelated = tmp_path / 'notes.txt'
    unrelated.write_text('keep')
    clock.pacer(tmp_path).throttled()
    assert not old.exists() and recent.exists() and unrelated.exists()


def test_a_higher_account_limit_paces_to_that_limit(tmp_path):
    clock = Clock()
    pacer = Pacer(API, TOKEN, limit=10, directory=str(tmp_path), clock=clock.time, sleep=clock.sleep)
    pacer.throttled()
    sent = clock.send(pacer, 11)
    assert sent[:10] == [1000.0] * 10 and sent[10] == pytest.approx(1000.0 + 1.0 + MARGIN_SECONDS)


def test_api_rate_limit_reaches_the_pacer():
    assert Client(API, TOKEN, rate_limit=12).pacer.limit == 12
    assert Client(API, TOKEN).pacer.limit == 4
