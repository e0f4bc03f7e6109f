# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One emulator per test session, served from a thread on a free port; a fresh account per test."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time

import pytest
import requests

from ubidots_emulator.server import start_in_thread

EMULATOR_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO_ROOT = os.path.dirname(os.path.dirname(EMULATOR_ROOT))
STARTUP_TIMEOUT = 15

DEFAULT_CONFIG = {
    'hide_token_keys': False, 'latency_ms': 0, 'slow_ms': 5000, 'fault_rate': 0.0,
    'fault_kinds': ['429', '500', '502', '503', 'drop', 'lost', 'slow'], 'rate_limit': None, 'seed': 0,
}


class Api:
    """requests against the emulator with one token; paths are relative to the server root."""

    def __init__(self, base_url, token=None):
        self.base_url = base_url
        self.token = token
        self.session = requests.Session()

    def url(self, path):
        return self.base_url + path

    def request(self, method, path, token=None, **kwargs):
        headers = dict(kwargs.pop('headers', None) or {})
        token = self.token if token is None else token
        if token:
            headers.setdefault('X-Auth-Token', token)
        kwargs.setdefault('timeout', 10)
        return self.session.request(method, self.url(path), headers=headers, **kwargs)

    def get(self, path, **kwargs):
        return self.request('GET', path, **kwargs)

    def post(self, path, **kwargs):
        return self.request('POST', path, **kwargs)

    def put(self, path, **kwargs):
        return self.request('PUT', path, **kwargs)

    def patch(self, path, **kwargs):
        return self.request('PATCH', path, **kwargs)

    def delete(self, path, **kwargs):
        return self.request('DELETE', path, **kwargs)

    def as_token(self, token):
        """The same emulator, seen with another token."""
        return Api(self.base_url, token)

    # Shortcuts for setting up objects; they assert the creation worked.

    def create_org(self, label, **fields):
        response = self.post('/api/v2.0/organizations/', json=dict(fields, label=label))
        assert response.status_code == 201, response.text
        return response.json()

    def create_role(self, name, permissions=(), **fields):
        response = self.post('/api/v2.0/api_roles/', json=dict(fields, name=name, permissions=list(permissions)))
        assert response.status_code == 201, response.text
        return response.json()

    def create_token(self, org_key, role_key, name='token', **fields):
        response = self.post('/api/v2.0/organizations/%s/tokens/' % org_key, json=dict(fields, name=name, apiRole=role_key))
        assert response.status_code == 201, response.text
        return response.json()

    def create_user(self, username, email=None, password='s3cret-pass', **fields):
        body = dict(fields, username=username, email=email or '%s@example.com' % username, password=password)
        response = self.post('/api/v2.0/users/', json=body)
        assert response.status_code == 201, response.text
        return response.json()

    def create_user_role(self, name, permissions=(), **fields):
        response = self.post('/api/v2.0/roles/', json=dict(fields, name=name, permissions=list(permissions)))
        assert response.status_code == 201, response.text
        return response.json()

    def assign(self, user_key, *pairs, **item_fields):
        """Assigns (organization label, role label) pairs; returns the answer's list envelope."""
        body = [dict(item_fields, label=label, role=role) for label, role in pairs]
        response = self.post('/api/v2.0/users/%s/_/assign_organizations/' % user_key, json=body)
        assert response.status_code == 200, response.text
        return response.json()


class Control:
    """The emulator's private /_emulator/ endpoints."""

    def __init__(self, base_url):
        self.base_url = base_url

    def url(self, name):
        return '%s/_emulator/%s' % (self.base_url, name)

    def requests(self, **params):
        response = requests.get(self.url('requests'), params=params, timeout=10)
        assert response.status_code == 200, response.text
        return response.json()

    def clear_requests(self):
        assert requests.delete(self.url('requests'), timeout=10).status_code == 204

    def configure(self, **changes):
        response = requests.patch(self.url('config'), json=changes, timeout=10)
        assert response.status_code == 200, response.text
        return response.json()

    def invitations(self, **params):
        """One account's invitation record: account=<id> or token=<account token>."""
        response = requests.get(self.url('invitations'), params=params, timeout=10)
        assert response.status_code == 200, response.text
        return response.json()

    def new_account(self, token=None):
        response = requests.post(self.url('accounts'), json={'token': token} if token else {}, timeout=10)
        assert response.status_code == 201, response.text
        return response.json()


@pytest.fixture(scope='session')
def server():
    handle = start_in_thread(tokens=['BBFF-' + 'S' * 30])
    yield handle
    handle.stop()


@pytest.fixture
def control(server):
    """Control endpoints, with a clean log and default settings before and after the test."""
    ctl = Control(server.base_url)
    ctl.configure(**DEFAULT_CONFIG)
    ctl.clear_requests()
    yield ctl
    ctl.configure(**DEFAULT_CONFIG)


@pytest.fixture
def account(control):
    """A fresh, isolated account: {"account": id, "token": token}."""
    return control.new_account()


@pytest.fixture
def api(server, account):
    """An Api client authenticated as the test's own fresh account."""
    return Api(server.base_url, account['token'])


@pytest.fixture
def other_api(server, control):
    """A client of a second fresh account, to prove isolation."""
    return Api(server.base_url, control.new_account()['token'])


class EmulatorProcess:
    """`python -m ubidots_emulator ...` as a child process, with its stdout read line by line."""

    def __init__(self, command, env, cwd=None):
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, cwd=cwd,
                                        universal_newlines=True, start_new_session=True)
        self.lines = queue.Queue()
        self.output = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.base_url = self._wait_for(re.compile(r'^Ubidots emulator listening on (http://\S+)$')).group(1)

    def _read(self):
        for line in self.process.stdout:
            self.lines.put(line.rstrip('\n'))
        self.lines.put(None)

    def _wait_for(self, pattern, timeout=STARTUP_TIMEOUT):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=deadline - time.monotonic())
            except queue.Empty:
                break
            if line is None:
                break
            self.output.append(line)
            found = pattern.search(line)
            if found:
                return found
        raise AssertionError('no line matching %r; output so far: %r' % (pattern.pattern, self.output))

    def next_line(self, timeout=STARTUP_TIMEOUT):
        line = self.lines.get(timeout=timeout)
        if line is not None:
            self.output.append(line)
        return line

    def stop(self, signum=signal.SIGTERM):
        """Signals the whole process group; returns the exit code once every output line is in `output`."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signum)
        code = self.process.wait(timeout=STARTUP_TIMEOUT)
        self._reader.join(timeout=STARTUP_TIMEOUT)
        while not self.lines.empty():
            line = self.lines.get()
            if line is not None:
                self.output.append(line)
        return code


@pytest.fixture
def run_emulator():
    """Starts emulator processes (`run_emulator(*args, env={...})`); every one is stopped at the end."""
    started = []

    def start(*args, **kwargs):
        env = dict(os.environ, PYTHONPATH=EMULATOR_ROOT, PYTHONDONTWRITEBYTECODE='1')
        env.pop('UBIDOTS_TOKEN', None)
        env.update(kwargs.pop('env', {}))
        command = kwargs.pop('command', None) or [sys.executable, '-m', 'ubidots_emulator', '--port', '0']
        started.append(EmulatorProcess(command + list(args), env, **kwargs))
        return started[-1]

    yield start
    for process in started:
        if process.process.poll() is None:
            process.stop(signal.SIGKILL)
