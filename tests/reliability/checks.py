# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Assertions shared by the reliability tests: converged end state, live key files."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import stat

import yaml

import harness
import scenario


def assert_run_ok(run, what):
    assert run.returncode == 0 and run.failed == 0, '%s failed:\n%s' % (what, run.tail())


def assert_converged(emulator, expected, what):
    """The account holds exactly EXPECTED (read with faults off) and no duplicate."""
    emulator.healthy()
    actual = emulator.snapshot()
    assert actual['duplicates'] == [], '%s left duplicates: %s' % (what, actual['duplicates'])
    assert actual == expected, '%s: end state differs from a clean run\nexpected %r\nactual   %r' % (what, expected, actual)
    return actual


def key_files(key_dir):
    """{(tenant label, token name): (path, key)} of every key in the bootstrap role's key files under KEY_DIR."""
    found = {}
    for name in sorted(os.listdir(key_dir)) if os.path.isdir(key_dir) else []:
        path = os.path.join(key_dir, name)
        assert name.endswith('.yml'), 'unexpected file in the key directory: %s' % path
        with open(path) as handle:
            keys = yaml.safe_load(handle) or {}
        assert isinstance(keys, dict), '%s is not a mapping of token name to key' % path
        for token, key in keys.items():
            found[(name[:-len('.yml')], token)] = (path, key)
    return found


def assert_key_files(emulator, key_dir, expected_names, keys_shown=True):
    """Every token has its key in a key file (mode 0600, folder 0700) and that key is live; returns the keys."""
    files = key_files(key_dir)
    wanted = set((org, name) for org, names in expected_names.items() for name in names)
    assert set(files) == wanted, 'keys in files %s, expected %s' % (sorted(files), sorted(wanted))
    folder_mode = stat.S_IMODE(os.stat(key_dir).st_mode)
    assert folder_mode == 0o700, '%s has mode %o, not 700' % (key_dir, folder_mode)
    live = emulator.token_keys() if keys_shown else None
    keys = []
    for where, (path, key) in sorted(files.items()):
        mode = stat.S_IMODE(os.stat(path).st_mode)
        assert mode == 0o600, '%s has mode %o, not 600' % (path, mode)
        assert isinstance(key, str) and harness.SECRET.fullmatch(key), '%s: %s holds no key' % (path, where[1])
        if keys_shown:
            assert live.get(where) == [key], '%s: %s is not the live key of the token' % (path, where[1])
        else:
            assert emulator.key_works(key), '%s: the API refuses the key of %s' % (path, where[1])
        keys.append(key)
    return keys


def existing_tenant(emulator, key_dir, label):
    """TENANT as an earlier bootstrap left it, made straight through the API (faster than a playbook run):
    the roles, the organization, its tokens, and its key file in the role's format."""
    for role in scenario.ROLES:
        if emulator.api('GET', 'v2.0/api_roles/~%s/' % role['label']).status_code == 404:
            made = emulator.api('POST', 'v2.0/api_roles/', json={
                'label': role['label'], 'name': role['name'], 'description': role['description'],
                'permissions': scenario.codenames(role['permissions'])})
            assert made.status_code == 201, harness.mask(made.text)
    wanted = scenario.tenant(label)
    org = emulator.api('POST', 'v2.0/organizations/', json=dict(
        (k, wanted[k]) for k in ('label', 'name', 'description', 'properties')))
    assert org.status_code == 201, harness.mask(org.text)
    keys = {}
    for token in wanted['tokens']:
        made = emulator.api('POST', 'v2.0/organizations/%s/tokens/' % org.json()['id'], json={
            'name': token['name'], 'apiRole': '~' + token['role'], 'rateLimit': token['rate_limit'],
            'rateLimitWindow': token['rate_limit_window']})
        assert made.status_code == 201, harness.mask(made.text)
        keys[token['name']] = made.json()['key']
    os.makedirs(key_dir, mode=0o700, exist_ok=True)
    path = os.path.join(key_dir, '%s.yml' % label)
    with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), 'w') as handle:
        yaml.safe_dump(keys, handle)
    return keys


def scope_of(path):
    """The list a request reads or writes, as a path below /api/v2.0/: an object's key and an action on it left out
    ('organizations/~acme/' and 'users/<id>/_/assign_organizations/' -> 'organizations', 'users')."""
    parts = [part for part in path.split('/api/v2.0/', 1)[-1].split('/') if part]
    if '_' in parts:
        parts = parts[:parts.index('_')]
    if len(parts) % 2 == 0:  # it ends in an object's key
        parts = parts[:-1]
    return '/'.join(parts)


def repeated_lookups(entries):
    """The GETs (method, path and query) that repeat one made before in the same log with no write to their scope (or
    to an object it belongs to) in between: lookups nothing needed."""
    seen, repeated = set(), []
    for entry in entries:
        scope = scope_of(entry['path'])
        if entry['method'] != 'GET':
            seen = set(key for key in seen if not (key[0] + '/').startswith(scope + '/'))
            continue
        key = (scope, entry['path'], tuple(sorted(entry['query'].items())))
        if key in seen:
            repeated.append('GET %s %s' % (entry['path'], entry['query']))
        seen.add(key)
    return repeated
