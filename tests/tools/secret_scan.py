#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Searches what a test run printed and wrote for every secret the emulator knows.

The emulator lists every account token, token key and password it handed out or received
(GET /_emulator/secrets). For each one this looks for the exact value, its JSON-escaped form, its
base64 and URL-safe base64 forms (the part of the encoding that depends on the secret alone, for
each of the three byte alignments it can start at), and any 16-character piece of those (a value
split in two, or printed without its prefix); a secret shorter than 16 characters counts whole.
Key files are checked the other way round: mode 0600 in a folder of mode 0700 (and so is any
folder inside it, such as the users' password folder), nothing in it readable by others. Anything shaped like a Ubidots token counts as a leak too.

Nothing here prints a secret: a leak is named by its kind, account, a short fingerprint and the
encoding found.

Command line (one integration target or one run; exit 1 on a leak or when there was nothing to scan):

  secret_scan.py --emulator URL --label NAME [--state FILE] --output FILE [--log FILE ...]
                 [--tree DIR ...] [--key-dir-name NAME ...] [--skip-name GLOB ...]
  secret_scan.py --emulator URL --state FILE --baseline     (before the first target)

--state keeps which accounts and requests earlier calls already counted, so that each call
counts the accounts its target created (each integration target makes its own) and the requests
since the last call.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import argparse
import base64
import collections
import fnmatch
import hashlib
import json
import os
import re
import stat
import sys

from urllib.request import urlopen

WINDOW = 16
ANCHOR = 8
TOKEN_SHAPE = re.compile(r'BBFF-[A-Za-z0-9]{30}')
KINDS = ('admin_token', 'token_key', 'password')
TOKEN_POST = re.compile(r'^/api/v2\.0/organizations/[^/]+/tokens/?$')

Secret = collections.namedtuple('Secret', 'account kind value')
Leak = collections.namedtuple('Leak', 'where line secret form')


class ScanError(Exception):
    """The scan could not look where it was asked to (nothing to scan, emulator unreachable)."""


def fingerprint(value):
    return hashlib.sha256(value.encode('utf-8')).hexdigest()[:8]


def describe(secret):
    """A secret named without its value."""
    return '%s of account %s (sha256 %s...)' % (secret.kind, secret.account, fingerprint(secret.value))


def base64_inner(data, offset, urlsafe=False):
    """The base64 characters that depend on DATA alone when it starts OFFSET (0-2) bytes into the encoded stream.

    Bits of DATA span [8*offset, 8*(offset+len)); a base64 character covers 6 bits, so the characters wholly
    inside that span are the same whatever comes before or after it.
    """
    encoded = (base64.urlsafe_b64encode if urlsafe else base64.b64encode)(b'\0' * offset + data).decode('ascii')
    start = -(-8 * offset // 6)
    end = 8 * (offset + len(data)) // 6
    return encoded[start:end]


def forms(value):
    """[(name, text)] of every encoding of VALUE searched for, duplicates dropped."""
    data = value.encode('utf-8')
    found = [('exact', value), ('json', json.dumps(value)[1:-1])]
    for offset in range(3):
        found.append(('base64@%d' % offset, base64_inner(data, offset)))
    for offset in range(3):
        found.append(('base64url@%d' % offset, base64_inner(data, offset, urlsafe=True)))
    unique, seen = [], set()
    for name, text in found:
        if text and text not in seen:
            seen.add(text)
            unique.append((name, text))
    return unique


class Scanner:
    """Finds every listed secret in any of its forms; build once, scan many texts."""

    def __init__(self, secrets):
        self.secrets = [secret if isinstance(secret, Secret) else Secret(**secret) for secret in secrets]
        self.windows = {}   # 16-character piece -> set of (secret index, form)
        self.whole = {}     # whole form -> set of (secret index, form)
        self.short = []     # (form text, secret index, form) of secrets shorter than WINDOW
        for index, secret in enumerate(self.secrets):
            for name, text in forms(secret.value):
                self.whole.setdefault(text, set()).add((index, name))
                if len(secret.value) < WINDOW or len(text) < WINDOW:
                    self.short.append((text, index, name))
                    continue
                for start in range(len(text) - WINDOW + 1):
                    self.windows.setdefault(text[start:start + WINDOW], set()).add((index, name))
        # Any 16-character piece found in a text contains the 8 characters at a multiple of 8 within it.
        self.anchors = set(piece[start:start + ANCHOR] for piece in self.windows for start in range(WINDOW - ANCHOR + 1))

    def _pieces(self, text):
        """{(secret index, form): first position} of every 16-character piece in TEXT."""
        hits = {}
        anchors, windows = self.anchors, self.windows
        for mark in range(0, len(text) - ANCHOR + 1, ANCHOR):
            if text[mark:mark + ANCHOR] not in anchors:
                continue
            for start in range(max(0, mark - ANCHOR + 1), mark + 1):
                for key in windows.get(text[start:start + WINDOW], ()):
                    hits.setdefault(key, start)
        return hits

    def scan(self, where, text):
        """[Leak] of TEXT: one per secret, the most complete form found, and one per token-shaped string left."""
        found = {}
        for key, position in self._pieces(text).items():
            found.setdefault(key[0], []).append((key[1], position))
        for form_text, index, name in self.short:
            position = text.find(form_text)
            if position >= 0:
                found.setdefault(index, []).append((name, position))
        leaks = []
        for index, hits in sorted(found.items()):
            secret = self.secrets[index]
            whole = [(name, pos) for name, pos in hits if self._whole_at(text, secret, name)]
            name, position = sorted(whole or hits, key=lambda hit: hit[1])[0]
            leaks.append(Leak(where, text.count('\n', 0, position) + 1, describe(secret), name if whole else 'piece of %s' % name))
        known = set(secret.value for secret in self.secrets)
        for match in TOKEN_SHAPE.finditer(text):
            if match.group(0) not in known:
                leaks.append(Leak(where, text.count('\n', 0, match.start()) + 1, 'a token-shaped string the emulator never issued', 'shape'))
        return leaks

    @staticmethod
    def _whole_at(text, secret, name):
        return dict(forms(secret.value))[name] in text


# --- what to scan --------------------------------------------------------------------------------

def read_text(path):
    with open(path, 'rb') as handle:
        return handle.read().decode('utf-8', 'replace')


def _has_name(name, globs):
    return any(fnmatch.fnmatch(name, pattern) for pattern in globs)


def walk(root, key_dir_names=(), skip_names=(), key_dir_paths=()):
    """(files to scan, key directories) under ROOT: key directories (by name or path) are left out of the files."""
    files, key_dirs = [], []
    if not os.path.isdir(root):
        return files, key_dirs
    key_dir_paths = set(os.path.abspath(path) for path in key_dir_paths)
    for folder, dirs, names in os.walk(root):
        for name in list(dirs):
            if _has_name(name, key_dir_names) or os.path.abspath(os.path.join(folder, name)) in key_dir_paths:
                key_dirs.append(os.path.join(folder, name))
                dirs.remove(name)
            elif _has_name(name, skip_names):
                dirs.remove(name)
        files += [os.path.join(folder, name) for name in sorted(names) if not _has_name(name, skip_names)]
    return files, key_dirs


def key_dir_problems(path):
    """What is wrong with a key directory: its mode, its files' modes, anything readable by others."""
    problems = []
    mode = stat.S_IMODE(os.lstat(path).st_mode)
    if mode != 0o700:
        problems.append('%s has mode %o, not 700' % (path, mode))
    for folder, dirs, names in os.walk(path):
        for name in dirs:  # a folder for the passwords of users (<key dir>/users) is kept like the key directory
            sub_mode = stat.S_IMODE(os.lstat(os.path.join(folder, name)).st_mode)
            if sub_mode != 0o700:
                problems.append('%s, a folder inside a key directory, has mode %o, not 700' % (os.path.join(folder, name), sub_mode))
        for name in names:
            full = os.path.join(folder, name)
            info = os.lstat(full)
            if not stat.S_ISREG(info.st_mode):
                problems.append('%s is not a regular file' % full)
            elif stat.S_IMODE(info.st_mode) != 0o600:
                problems.append('%s has mode %o, not 600' % (full, stat.S_IMODE(info.st_mode)))
    return problems


# --- the emulator ------------------------------------------------------------------------------

def _get(url):
    try:
        with urlopen(url, timeout=30) as answer:
            return json.loads(answer.read().decode('utf-8'))
    except (OSError, ValueError) as error:
        raise ScanError('cannot read %s: %s' % (url, error))


def emulator_secrets(base_url):
    """[Secret] of every secret the emulator knows."""
    listed = _get(base_url.rstrip('/') + '/_emulator/secrets')
    return [Secret(item['account'], item['kind'], item['value']) for item in listed['secrets']]


def emulator_requests(base_url):
    """Every request the emulator logged since it started, cleared ones included."""
    return _get(base_url.rstrip('/') + '/_emulator/requests?all=true')['requests']


def token_posts(requests, account):
    """How many organizational tokens ACCOUNT created, from the request log."""
    return len([entry for entry in requests if entry.get('account') == account and entry['method'] == 'POST'
                and entry.get('status') == 201 and TOKEN_POST.match(entry['path'])])


def count_kinds(secrets):
    counts = collections.Counter(secret.kind for secret in secrets)
    return ', '.join('%d %s' % (counts[kind], kind) for kind in KINDS if counts[kind]) or 'none'


class Report:
    """Everything one scan looked at and found; `problems` make it fail."""

    def __init__(self, label):
        self.label = label
        self.leaks = []
        self.problems = []
        self.seen = []   # (name, lines) of every text scanned
        self.files = 0
        self.requests = 0
        self.key_files = 0
        self.key_dirs = 0
        self.secrets_total = 0
        self.own_secrets = []
        self.allowed = 0  # token keys shown by the task that created them (CREATOR_MARK)

    @property
    def ok(self):
        return not self.leaks and not self.problems

    def summary(self):
        lines = sum(size for dummy, size in self.seen)
        verdict = '%d leaks' % len(self.leaks) if not self.problems else '%d leaks, %d problems' % (len(self.leaks), len(self.problems))
        if self.allowed:
            verdict += ' (%d keys shown by the task that created them)' % self.allowed
        return ('secret scan %s: %d secrets checked (%s; %d known in all), in %d texts of %d lines, %d files, %d emulator requests; '
                'key files: %d in %d folders; %s' % (
                    self.label, len(self.own_secrets), count_kinds(self.own_secrets), self.secrets_total, len(self.seen), lines,
                    self.files, self.requests, self.key_files, self.key_dirs, verdict))

    def details(self, limit=40):
        lines = ['  LEAK %s:%d %s as %s' % leak for leak in self.leaks[:limit]]
        if len(self.leaks) > limit:
            lines.append('  ... and %d more' % (len(self.leaks) - limit))
        return lines + ['  PROBLEM %s' % problem for problem in self.problems]


# A task whose name ends with this may show the key of the token it creates in its own result (the integration
# target module_results_secret_scan registers every module's result without no_log); nowhere else may a key show.
CREATOR_MARK = '(result holds the new key)'
# A task's header in the output, or in ansible.log after its time stamp and process fields ('... | TASK [...').
TASK_HEADER = re.compile(r'^(?:[^\n]*\| )?TASK \[(?:[^\]]*? : )?(?P<name>[^\]]*)\] \*', re.MULTILINE)


def allow_creating_tasks(text, secrets):
    """(TEXT with each token key masked where its creating task shows it, count masked, problems).

    A key counts as shown by its creator only in the output of one task marked with CREATOR_MARK: the same key in a
    second marked task is a problem, and so is every other place (the scan that follows still sees those)."""
    keys = [secret.value for secret in secrets if secret.kind == 'token_key']
    headers = list(TASK_HEADER.finditer(text))
    if not keys or not any(h.group('name').endswith(CREATOR_MARK) for h in headers):
        return text, 0, []
    pieces, homes, masked, problems, last = [], {}, 0, [], 0
    for number, header in enumerate(headers):
        end = headers[number + 1].start() if number + 1 < len(headers) else len(text)
        section = text[header.start():end]
        if header.group('name').endswith(CREATOR_MARK):
            for key in keys:
                if key in section:
                    if homes.setdefault(key, number) != number:
                        problems.append('a token key shown by two creating tasks (%s)' % header.group('name'))
                    masked += section.count(key)
                    section = section.replace(key, 'BBFF-<shown by its creating task>')
        pieces.append(text[last:header.start()] + section)
        last = end
    pieces.append(text[last:])
    return ''.join(pieces), masked, problems


def scan_run(label, secrets, texts, files=(), key_dirs=(), requests=None, own_secrets=None, required=()):
    """Scans TEXTS ({name: text}), FILES (paths) and the emulator REQUESTS for SECRETS; checks KEY_DIRS.

    REQUIRED names texts that must not be empty (the run printed or logged nothing: the scan would see nothing).
    OWN_SECRETS are the ones this run is known to have made (counted in the summary; none is a problem).
    """
    report = Report(label)
    report.secrets_total = len(secrets)
    report.own_secrets = list(secrets if own_secrets is None else own_secrets)
    if not report.own_secrets:
        report.problems.append('no secret to look for: the emulator lists none for this run')
    scanner = Scanner(secrets)
    for name in required:
        if not texts.get(name, '').strip():
            report.problems.append('%s is empty or missing: nothing to scan' % name)
    for name, text in sorted(texts.items()):
        report.seen.append((name, text.count('\n')))
        text, allowed, problems = allow_creating_tasks(text, scanner.secrets)
        report.allowed += allowed
        report.problems += problems
        report.leaks += scanner.scan(name, text)
    for path in files:
        report.leaks += scanner.scan(path, read_text(path))
    report.files = len(files)
    if requests is not None:
        report.requests = len(requests)
        report.leaks += scanner.scan('emulator request log', json.dumps(requests, indent=0, sort_keys=True))
    for path in key_dirs:
        report.key_dirs += 1
        report.key_files += sum(len(names) for dummy, dummy, names in os.walk(path))
        report.problems += key_dir_problems(path)
    return report


# --- command line ------------------------------------------------------------------------------

def _load_state(path):
    if path and os.path.exists(path):
        with open(path) as handle:
            return json.load(handle)
    return {'accounts': [], 'seq': 0}


def _save_state(path, state):
    if path:
        with open(path, 'w') as handle:
            json.dump(state, handle)


def scan_target(args):
    """One integration target (or one run) against the emulator: the accounts it made are the ones new since --state."""
    state = _load_state(args.state)
    secrets = emulator_secrets(args.emulator)
    requests = emulator_requests(args.emulator)
    new_requests = [entry for entry in requests if entry['seq'] > state['seq']]
    accounts = []
    for secret in secrets:
        if secret.account not in state['accounts'] and secret.account not in accounts:
            accounts.append(secret.account)
    own = [secret for secret in secrets if secret.account in accounts]
    texts = {}
    required = []
    for kind, paths in (('output', args.output), ('log', args.log)):
        for path in paths:
            name = '%s %s' % (kind, os.path.basename(path))
            texts[name] = read_text(path) if os.path.exists(path) else ''
            required.append(name)
    files, key_dirs = [], []
    for root in args.tree:
        found, keys = walk(root, args.key_dir_name, args.skip_name)
        files += found
        key_dirs += keys
    report = scan_run(args.label, secrets, texts, files, key_dirs, new_requests, own, required)
    if args.output and not any('TASK [' in texts[name] for name in texts if name.startswith('output ')):
        report.problems.append('the output holds no task: nothing ran')
    for account in accounts:
        keys = len([secret for secret in own if secret.account == account and secret.kind == 'token_key'])
        made = token_posts(new_requests, account)
        if keys < made:
            report.problems.append('account %s created %d tokens but the emulator lists %d keys' % (account, made, keys))
    state['accounts'] += accounts
    state['seq'] = max([state['seq']] + [entry['seq'] for entry in requests])
    _save_state(args.state, state)
    return report


def baseline(args):
    """Records what the emulator knows before the first target (its own start-up account), so no target counts it."""
    secrets = emulator_secrets(args.emulator)
    requests = emulator_requests(args.emulator)
    state = {'accounts': sorted(set(secret.account for secret in secrets)),
             'seq': max([0] + [entry['seq'] for entry in requests])}
    _save_state(args.state, state)
    return 'secret scan %s: %d secrets known before the first target (%s), not counted for any target' % (
        args.label, len(secrets), count_kinds(secrets))


def build_parser():
    parser = argparse.ArgumentParser(description='Search test output and files for every secret the emulator knows.')
    parser.add_argument('--emulator', required=True, help='base URL of the emulator')
    parser.add_argument('--label', default='run', help='name printed with the counts (the target)')
    parser.add_argument('--state', help='JSON file of the accounts and requests earlier calls counted')
    parser.add_argument('--baseline', action='store_true', help='only record in --state what the emulator knows now')
    parser.add_argument('--output', action='append', default=[], help='ansible-playbook output (required, must hold a task)')
    parser.add_argument('--log', action='append', default=[], help='an Ansible log file (required, must not be empty)')
    parser.add_argument('--tree', action='append', default=[], help='a folder whose files are all scanned')
    parser.add_argument('--key-dir-name', action='append', default=[], help='folders of this name (glob) hold key files')
    parser.add_argument('--skip-name', action='append', default=[], help='files and folders of this name (glob) are not scanned')
    return parser


def main(argv=None):
    args = build_parser().parse_args(argv)
    try:
        if args.baseline:
            print(baseline(args))
            return 0
        report = scan_target(args)
    except ScanError as error:
        print('secret scan %s: FAILED, %s' % (args.label, error))
        return 1
    print(report.summary())
    for line in report.details():
        print(line)
    return 0 if report.ok else 1


if __name__ == '__main__':
    sys.exit(main())
