# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Processes the reliability tests drive: emulators, ansible-playbook runs, and what they read back.

Everything here talks to real processes over HTTP; nothing is mocked. The tests never
print a secret: helpers that show output mask anything shaped like a token first.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import random
import re
import signal
import string
import subprocess
import sys
import time

import requests

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HERE = os.path.dirname(os.path.abspath(__file__))
EMULATOR_SOURCE = os.path.join(REPO, 'tests', 'emulator')
TOOLS = os.path.join(REPO, 'tests', 'tools')
if TOOLS not in sys.path:
    sys.path.insert(0, TOOLS)
import secret_scan  # noqa: E402 pylint: disable=wrong-import-position
SECRET = re.compile(r'BBFF-[A-Za-z0-9]{30}')
RECAP = re.compile(r'^(\S+)\s+:\s+ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)\s+skipped=(\d+)'
                   r'\s+rescued=(\d+)\s+ignored=(\d+)', re.MULTILINE)
ALL_FAULTS = '429,500,502,503,drop,lost,slow'


def new_token():
    alphabet = string.ascii_letters + string.digits
    return 'BBFF-' + ''.join(random.choice(alphabet) for dummy in range(30))


def mask(text):
    """Text safe to show in an assertion message."""
    return SECRET.sub('BBFF-<masked>', text)


# What differs from one run to the next in a message: temporary paths, ports, ids, and the order in which
# ansible-core lists valid booleans (a set). Notes are stable without them, so the report only changes with outcomes.
_UNSTABLE = (
    (re.compile(r'/tmp/pytest-of-[^/]+/pytest-\d+/(popen-gw\d+/)?'), '<tmp>/'),
    (re.compile(r'127\.0\.0\.1:\d+'), '127.0.0.1:<port>'),
    (re.compile(r'\b[0-9a-f]{24}\b'), '<id>'),
    (re.compile(r'Valid booleans include: .*'), 'Valid booleans include: ...'),
)


def stable(text):
    text = mask(text)
    for pattern, replacement in _UNSTABLE:
        text = pattern.sub(replacement, text)
    return text


def stage_collection(dest):
    """A copy of the collection at DEST/ansible_collections/ubidots/cloud; returns DEST."""
    target = os.path.join(dest, 'ansible_collections', 'ubidots', 'cloud')
    subprocess.check_call([sys.executable, os.path.join(REPO, 'tests', 'tools', 'stage_collection.py'), target])
    return dest


class Emulator:
    """One `python -m ubidots_emulator` process on a free port, with an account of our own."""

    def __init__(self, workdir, args=(), token=None, state_file=None, name='emulator'):
        self.workdir = workdir
        self.args = list(args)
        self.token = token or new_token()
        self.state_file = state_file
        self.name = name
        self.process = None
        self.url = None
        self.starts = 0
        # What every process of this emulator knew when it stopped: its secrets and its whole request log.
        self.seen_secrets = []
        self.seen_requests = []

    # --- life cycle ------------------------------------------------------------------------
    def start(self):
        self.starts += 1
        log_path = os.path.join(self.workdir, '%s-%d.log' % (self.name, self.starts))
        command = [sys.executable, '-m', 'ubidots_emulator', '--host', '127.0.0.1', '--port', '0', '--token', self.token]
        if self.state_file:
            command += ['--state-file', self.state_file]
        env = dict(os.environ, PYTHONPATH=EMULATOR_SOURCE)
        with open(log_path, 'w') as log:
            self.process = subprocess.Popen(command + self.args, stdout=log, stderr=subprocess.STDOUT, env=env)
        deadline = time.time() + 30
        while time.time() < deadline:
            with open(log_path) as log:
                found = re.search(r'listening on (http://\S+)', log.read())
            if found:
                self.url = found.group(1)
                return self
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        with open(log_path) as log:
            raise RuntimeError('emulator did not start: %s' % mask(log.read()))

    def collect(self):
        """Keeps the secrets and the request log of the running process (before it stops, they would be gone)."""
        if self.process is None or self.process.poll() is not None:
            return
        for secret in secret_scan.emulator_secrets(self.url):
            if secret not in self.seen_secrets:
                self.seen_secrets.append(secret)
        self.seen_requests += secret_scan.emulator_requests(self.url)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.collect()
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def restart(self):
        self.stop()
        return self.start()

    # --- control API ---------------------------------------------------------------------
    def control(self, method, name, body=None):
        response = requests.request(method, '%s/_emulator/%s' % (self.url, name), json=body, timeout=10)
        response.raise_for_status()
        return response.json() if response.content else None

    def configure(self, **settings):
        return self.control('PATCH', 'config', settings)

    def healthy(self):
        """No faults, no latency from now on (the checks after a run must not be faulted)."""
        return self.configure(fault_rate=0, latency_ms=0)

    def add_account(self):
        return self.control('POST', 'accounts', {})

    def requests(self, write=None):
        name = 'requests' if write is None else 'requests?write=%s' % ('true' if write else 'false')
        return self.control('GET', name)['requests']

    def clear_requests(self):
        self.control('DELETE', 'requests')

    # --- API, as the account -------------------------------------------------------------
    def api(self, method, path, token=None, **kwargs):
        headers = {'X-Auth-Token': token or self.token}
        return requests.request(method, '%s/api/%s' % (self.url, path), headers=headers, timeout=10, **kwargs)

    def api_list(self, path, token=None):
        response = self.api('GET', path, token=token, params={'page_size': 1000})
        assert response.status_code == 200, mask(response.text)
        return response.json()['results']

    def snapshot(self, token=None):
        """The account's objects in a form that ignores ids, keys, URLs and times."""
        orgs = self.api_list('v2.0/organizations/', token)
        roles = self.api_list('v2.0/api_roles/', token)
        state = {'organizations': {}, 'roles': {}, 'tokens': {}}
        for org in orgs:
            state['organizations'][org['label']] = {
                'name': org['name'], 'description': org['description'], 'properties': org['properties'],
                'is_active': org['isActive'], 'app': (org.get('app') or {}).get('label'),
                'favicon': org.get('favicon') is not None, 'logo': org.get('logo') is not None,
            }
            for item in self.api_list('v2.0/organizations/%s/tokens/' % org['id'], token):
                state['tokens'].setdefault(org['label'], {}).setdefault(item['name'], []).append({
                    'role': item['apiRole']['label'], 'rate_limit': item['rateLimit'], 'window': item['rateLimitWindow']})
        for role in roles:
            state['roles'][role['label']] = {
                'name': role['name'], 'description': role['description'],
                'permissions': sorted(p['label'] for p in role['permissions'])}
        state['duplicates'] = duplicates(state, orgs, roles)
        return state

    def token_keys(self, token=None):
        """{(org label, token name): [key, ...]} as the API lists them (keys must not be hidden)."""
        keys = {}
        for org in self.api_list('v2.0/organizations/', token):
            for item in self.api_list('v2.0/organizations/%s/tokens/' % org['id'], token):
                keys.setdefault((org['label'], item['name']), []).append(item.get('key'))
        return keys

    def key_works(self, key):
        """True when the v1.6 data API accepts KEY as a live token (any answer but 401)."""
        response = requests.get('%s/api/v1.6/devices/reliability-probe/probe/lv' % self.url,
                                headers={'X-Auth-Token': key}, timeout=10)
        return response.status_code != 401


def duplicates(state, orgs, roles):
    """Every name used twice: organization labels, role labels, token names within an organization."""
    found = []
    for kind, labels in (('organization', [o['label'] for o in orgs]), ('role', [r['label'] for r in roles])):
        found += ['%s %s x%d' % (kind, label, labels.count(label)) for label in sorted(set(labels)) if labels.count(label) > 1]
    for org, tokens in sorted(state['tokens'].items()):
        found += ['token %s/%s x%d' % (org, name, len(items)) for name, items in sorted(tokens.items()) if len(items) > 1]
    return found


def fault_summary(entries):
    """{'requests': n, 'faults': {kind: count}} of emulator log entries."""
    kinds = {}
    for entry in entries:
        if entry.get('fault'):
            kinds[entry['fault']] = kinds.get(entry['fault'], 0) + 1
    return {'requests': len(entries), 'faults': dict(sorted(kinds.items()))}


class Run:
    """The outcome of one ansible-playbook process."""

    def __init__(self, command, returncode, output, seconds, log_text):
        self.command = command
        self.returncode = returncode
        self.output = output
        self.seconds = seconds
        self.log_text = log_text
        names = ('ok', 'changed', 'unreachable', 'failed', 'skipped', 'rescued', 'ignored')
        self.recap = dict((m.group(1), dict(zip(names, (int(g) for g in m.groups()[1:])))) for m in RECAP.finditer(output))

    def total(self, name):
        return sum(host[name] for host in self.recap.values())

    @property
    def changed(self):
        return self.total('changed')

    @property
    def failed(self):
        return self.total('failed') + self.total('unreachable')

    def tail(self, lines=60):
        return mask('\n'.join(self.output.splitlines()[-lines:]))

    def failure_messages(self):
        """The `msg` of every failed task in the output (default callback, JSON results)."""
        messages = []
        for line in self.output.splitlines():
            if line.startswith(('fatal: ', 'failed: ')) and '=> ' in line:
                payload = line.split('=> ', 1)[1]
                try:
                    messages.append(json.loads(payload).get('msg', payload))
                except ValueError:
                    messages.append(payload)
        return messages


class Ansible:
    """Runs ansible-playbook against an emulator with the staged collection."""

    def __init__(self, collections_path, workdir):
        self.collections_path = collections_path
        self.workdir = workdir
        self.runs = 0
        self.outputs = []  # (output file, Ansible log file) of every run, for the secret scan

    def collection_file(self, relative):
        """A file of the staged collection, e.g. 'playbooks/bootstrap.yml'."""
        return os.path.join(self.collections_path, 'ansible_collections', 'ubidots', 'cloud', relative)

    def env(self, emulator=None, token=None, extra=None):
        env = dict(os.environ)
        for name in list(env):
            if name.startswith(('ANSIBLE_', 'UBIDOTS_')):
                del env[name]
        env.update({
            'ANSIBLE_COLLECTIONS_PATH': self.collections_path,
            'ANSIBLE_ROLES_PATH': os.path.join(self.collections_path, 'ansible_collections', 'ubidots', 'cloud', 'roles'),
            'ANSIBLE_NOCOLOR': '1',
            'ANSIBLE_FORCE_COLOR': '0',
            'ANSIBLE_LOCALHOST_WARNING': 'false',
            'ANSIBLE_INVENTORY_UNPARSED_WARNING': 'false',
            'ANSIBLE_RETRY_FILES_ENABLED': 'false',
            'ANSIBLE_HOME': os.path.join(self.workdir, 'ansible-home'),
            'ANSIBLE_LOCAL_TEMP': os.path.join(self.workdir, 'ansible-tmp'),
            'PYTHONDONTWRITEBYTECODE': '1',
        })
        if emulator is not None:
            env['UBIDOTS_API_URL'] = emulator.url
            env['UBIDOTS_TOKEN'] = token or emulator.token
        env.update(extra or {})
        return env

    def playbook(self, playbook, emulator=None, token=None, extra_vars=None, args=(), env=None, inventory=None,
                 timeout=900, name=None):
        self.runs += 1
        name = name or 'run%d' % self.runs
        log_path = os.path.join(self.workdir, '%s.ansible.log' % name)
        if os.path.exists(log_path):
            os.unlink(log_path)
        command = [os.path.join(os.path.dirname(sys.executable), 'ansible-playbook'), playbook]
        command += ['-i', inventory or 'localhost,']
        if inventory is None:
            command += ['-c', 'local', '-e', 'ansible_python_interpreter=%s' % sys.executable]
        if extra_vars is not None:
            vars_file = os.path.join(self.workdir, '%s.vars.json' % name)
            with open(vars_file, 'w') as handle:
                json.dump(extra_vars, handle)
            command += ['-e', '@' + vars_file]
        command += list(args)
        run_env = self.env(emulator, token, dict(env or {}, ANSIBLE_LOG_PATH=log_path))
        started = time.time()
        completed = subprocess.run(command, env=run_env, cwd=self.workdir, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   timeout=timeout, check=False)
        seconds = time.time() - started
        output = completed.stdout.decode('utf-8', 'replace')
        with open(os.path.join(self.workdir, '%s.output.txt' % name), 'w') as handle:
            handle.write(output)
        log_text = ''
        if os.path.exists(log_path):
            with open(log_path) as handle:
                log_text = handle.read()
        self.outputs.append((os.path.join(self.workdir, '%s.output.txt' % name), log_path))
        return Run(command, completed.returncode, output, seconds, log_text)


# Files a case writes as input (extra vars, generated playbooks) or that are the emulator's own database:
# they hold tokens by design and are not output of a run.
SCAN_SKIP = ('*.vars.json', '*.sqlite', '*.sqlite-journal', 'bad_input*.yml')
KEY_DIR_NAMES = ('keys', 'keys[0-9]*')


class CaseScan:
    """The secret scan of one case: everything its runs printed, logged and wrote, and the emulators' request logs,
    searched for every secret its emulators list (plus EXTRA ones the case knows about), in every encoding."""

    def __init__(self, label, workdir):
        self.label = label
        self.workdir = workdir
        self.emulators = []
        self.ansibles = []
        self.extra = []
        self.key_dirs = []
        self.expect_leaks = False

    def add_secret(self, value, kind='admin_token', account='(not an emulator account)'):
        self.extra.append(secret_scan.Secret(account, kind, value))

    @property
    def used(self):
        return bool(self.emulators or any(ansible.outputs for ansible in self.ansibles))

    def run(self):
        """A secret_scan.Report (emulators are stopped first, so that what they knew is collected)."""
        for emulator in self.emulators:
            emulator.stop()
        secrets, requests_seen = [], []
        for emulator in self.emulators:
            secrets += [secret for secret in emulator.seen_secrets if secret not in secrets]
            requests_seen += emulator.seen_requests
        own = list(secrets)
        listed = set(secret.value for secret in secrets)
        for secret in self.extra:  # secrets the case knows of, once each
            if secret.value not in listed:
                listed.add(secret.value)
                secrets.append(secret)
        texts, required = {}, []
        for ansible in self.ansibles:
            for output, log in ansible.outputs:
                for path in (output, log):
                    name = os.path.relpath(path, self.workdir)
                    texts[name] = read_text(path)
                    required.append(name)
        found, key_dirs = secret_scan.walk(self.workdir, KEY_DIR_NAMES, SCAN_SKIP, self.key_dirs)
        files = [path for path in found if os.path.relpath(path, self.workdir) not in texts]  # outputs and logs: scanned as texts
        report = secret_scan.scan_run(self.label, secrets, texts, files, key_dirs, requests_seen, own, required)
        for emulator in self.emulators:
            for account in set(secret.account for secret in emulator.seen_secrets):
                keys_listed = len([s for s in emulator.seen_secrets if s.account == account and s.kind == 'token_key'])
                made = secret_scan.token_posts(emulator.seen_requests, account)
                if keys_listed < made:
                    report.problems.append('account %s created %d tokens, the emulator lists %d keys' % (account, made, keys_listed))
        if self.ansibles and not texts:
            report.problems.append('no ansible-playbook output to scan')
        return report


def read_text(path):
    return secret_scan.read_text(path) if os.path.exists(path) else ''


def scan_for_secrets(secrets, texts):
    """[(where, count)] for every text (name -> content) that holds one of SECRETS or any token-shaped string."""
    hits = []
    for where, text in sorted(texts.items()):
        count = sum(text.count(secret) for secret in secrets if secret)
        shaped = len(SECRET.findall(text))
        if count or shaped:
            hits.append((where, max(count, shaped)))
    return hits


def read_tree(root, skip=()):
    """{relative path: text} of every file under ROOT except those under a SKIP directory."""
    texts = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if os.path.join(folder, d) not in skip]
        for name in files:
            path = os.path.join(folder, name)
            with open(path, 'rb') as handle:
                texts[os.path.relpath(path, root)] = handle.read().decode('utf-8', 'replace')
    return texts
