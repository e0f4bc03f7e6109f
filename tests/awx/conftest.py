# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures of the AWX tests: the staged collection, an emulator, AWX-style credential injection.

``make awx`` sets UBIDOTS_COLLECTIONS_ROOT to the staged copy (the parent of
``ansible_collections/``); every file these tests read (credential type, playbooks, example
tenants) comes from there, as it would from the collection installed in an execution environment.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

from urllib.request import Request, urlopen

import pytest
import yaml

from jinja2.sandbox import ImmutableSandboxedEnvironment

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, 'tests', 'tools'))
import secret_scan  # noqa: E402 pylint: disable=wrong-import-position,unused-import


# One summary line per job from the secret scan (tests/tools/secret_scan.py), printed at the end.
SCAN_SUMMARIES = []


def pytest_terminal_summary(terminalreporter):
    if SCAN_SUMMARIES:
        terminalreporter.section('secret scan, per job')
        for line in SCAN_SUMMARIES:
            terminalreporter.write_line(line)


# Environment variables AWX never lets a credential type set (its ENV_BLOCKLIST), plus the
# ANSIBLE_ prefix it reserves.
AWX_ENV_BLOCKLIST = frozenset((
    'VIRTUAL_ENV', 'PATH', 'PYTHONPATH', 'JOB_ID', 'INVENTORY_ID', 'INVENTORY_SOURCE_ID', 'INVENTORY_UPDATE_ID',
    'AD_HOC_COMMAND_ID', 'REST_API_URL', 'REST_API_TOKEN', 'MAX_EVENT_RES', 'CALLBACK_QUEUE', 'CALLBACK_CONNECTION',
    'CACHE', 'JOB_CALLBACK_DEBUG', 'INVENTORY_HOSTVARS', 'AWX_HOST', 'PROJECT_REVISION', 'SUPERVISOR_CONFIG_PATH',
))


def awx_inject(credential_type, inputs):
    """The environment a job gets from a credential of this type, rendered the way AWX does it.

    ``inputs`` are what a user enters; a field left out takes its ``default`` (the form pre-fills
    it). Templates are rendered in Jinja's immutable sandbox with the field values as variables.
    """
    fields = credential_type['inputs']['fields']
    known = [field['id'] for field in fields]
    unknown = sorted(set(inputs) - set(known))
    if unknown:
        raise ValueError('the credential type has no input %s' % ', '.join(unknown))
    values = {}
    for field in fields:
        if field['id'] in inputs:
            values[field['id']] = inputs[field['id']]
        elif 'default' in field:
            values[field['id']] = field['default']
    missing = [name for name in credential_type['inputs'].get('required', []) if not values.get(name)]
    if missing:
        raise ValueError('required input missing: %s' % ', '.join(missing))
    sandbox = ImmutableSandboxedEnvironment()
    env = {}
    for name, template in credential_type['injectors'].get('env', {}).items():
        if name in AWX_ENV_BLOCKLIST or name.startswith('ANSIBLE_'):
            raise ValueError('AWX refuses to inject %s' % name)
        env[name] = sandbox.from_string(template).render(tower={}, **values)
    return env


@pytest.fixture(scope='session')
def collection_dir():
    root = os.environ.get('UBIDOTS_COLLECTIONS_ROOT')
    if not root:
        pytest.fail('UBIDOTS_COLLECTIONS_ROOT is not set: run these tests with `make awx`')
    path = os.path.join(os.path.abspath(root), 'ansible_collections', 'ubidots', 'cloud')
    if not os.path.isfile(os.path.join(path, 'galaxy.yml')):
        pytest.fail('no staged collection at %s' % path)
    return path


@pytest.fixture(scope='session')
def credential_type(collection_dir):
    with open(os.path.join(collection_dir, 'extensions', 'awx', 'credential_type_ubidots.yml')) as handle:
        return yaml.safe_load(handle)


@pytest.fixture(scope='session')
def emulator():
    """A fresh emulator process on a free port; its base URL."""
    log = tempfile.NamedTemporaryFile(prefix='emulator-', suffix='.log', delete=False)
    env = dict(os.environ, PYTHONPATH=os.path.join(REPO, 'tests', 'emulator'))
    env.pop('UBIDOTS_TOKEN', None)
    process = subprocess.Popen([sys.executable, '-m', 'ubidots_emulator', '--host', '127.0.0.1', '--port', '0'],
                               stdout=log, stderr=subprocess.STDOUT, env=env)
    url = None
    deadline = time.time() + 30
    while url is None and time.time() < deadline and process.poll() is None:
        with open(log.name) as handle:
            found = re.search(r'listening on (http\S+)', handle.read())
        url = found.group(1) if found else None
        time.sleep(0.1)
    if url is None:
        process.kill()
        with open(log.name) as handle:
            pytest.fail('the emulator did not start:\n%s' % handle.read())
    yield url
    process.terminate()
    process.wait(timeout=10)
    os.unlink(log.name)


class Account(object):
    """A fresh emulator account and a small client for it (never prints the token)."""

    def __init__(self, url):
        self.url = url
        made = self._call('POST', '/_emulator/accounts', {}, token=None)
        self.token = made['token']
        self.account = made['account']
        self._call('DELETE', '/_emulator/requests', token=None)

    def _call(self, method, path, body=None, token=True):
        headers = {'Content-Type': 'application/json'}
        if token:
            headers['X-Auth-Token'] = self.token
        data = None if body is None else json.dumps(body).encode()
        with urlopen(Request(self.url + path, data=data, method=method, headers=headers)) as answer:
            text = answer.read()
        return json.loads(text) if text else None

    def api(self, method, path, body=None):
        return self._call(method, '/api/v2.0' + path, body)

    def every(self, path):
        return self.api('GET', path + '?page_size=1000')['results']

    def state(self):
        """Organizations, API roles and token names per organization, by label."""
        orgs = self.every('/organizations/')
        return {
            'organizations': sorted(o['label'] for o in orgs),
            'roles': sorted(r['label'] for r in self.every('/api_roles/')),
            'tokens': dict((o['label'], sorted(t['name'] for t in self.every('/organizations/%s/tokens/' % o['id'])))
                           for o in orgs),
        }

    def writes(self):
        """Writes this account's token sent since the last call; empties the request log."""
        log = self._call('GET', '/_emulator/requests?write=true', token=None)['requests']
        self._call('DELETE', '/_emulator/requests', token=None)
        return [r for r in log if r['account'] == self.account and r['token_kind'] == 'account']


@pytest.fixture
def account(emulator):
    return Account(emulator)


@pytest.fixture
def awx_job_environment(collection_dir, monkeypatch):
    """The process environment of the execution environment the jobs run in.

    ansible-playbook from this venv on PATH, the staged collection as the installed one, and no
    Ubidots variable inherited from the shell: the credential alone must provide them.
    """
    monkeypatch.setenv('PATH', os.path.dirname(sys.executable) + os.pathsep + os.environ.get('PATH', ''))
    monkeypatch.setenv('ANSIBLE_COLLECTIONS_PATH', os.path.dirname(os.path.dirname(os.path.dirname(collection_dir))))
    monkeypatch.setenv('ANSIBLE_NOCOLOR', '1')
    for name in list(os.environ):
        if name.startswith('UBIDOTS_'):
            monkeypatch.delenv(name)


@pytest.fixture
def project(collection_dir):
    """A private data directory per job (as AWX makes one), with the collection's playbooks as
    the project; removed afterwards, since ansible-runner records the job's environment in it."""
    made = []

    def make():
        path = tempfile.mkdtemp(prefix='awx-job-')
        shutil.copytree(os.path.join(collection_dir, 'playbooks'), os.path.join(path, 'project', 'playbooks'))
        made.append(path)
        return path

    yield make
    for path in made:
        shutil.rmtree(path, ignore_errors=True)
