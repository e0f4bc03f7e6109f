# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Self-test of the secret scan (tests/tools/secret_scan.py): a playbook that leaks a secret on purpose, in one
encoding per case, must make the scan fail, run exactly as run_integration.sh runs it; the same playbook leaking
nothing must pass it.

The secret is the emulator's account token, chosen with a quote and a backslash (its JSON form differs from it)
and characters whose base64 holds '+' and '/' at every alignment (the URL-safe form differs too); one case leaks
the key of an organizational token deleted before the scan.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import subprocess
import sys

import pytest

import harness

SCAN = os.path.join(harness.TOOLS, 'secret_scan.py')
FIXTURE = os.path.join(harness.HERE, 'fixtures', 'leak_secret.yml')
ODD_TOKEN = 'BBFF-q"w\\e?>~A1b2C3d4E5f6G7h8I9j0K1l2'

# (leak, form the scan must name for the leak.txt file)
LEAKS = [
    ('exact', 'exact'),
    ('json', 'json'),
    ('base64-0', 'base64@0'),
    ('base64-1', 'base64@1'),
    ('base64-2', 'base64@2'),
    ('base64url-0', 'base64url@0'),
    ('base64url-1', 'base64url@1'),
    ('base64url-2', 'base64url@2'),
    ('split', 'piece of exact'),
    ('noprefix', 'piece of exact'),
]


def test_the_chosen_secret_makes_every_encoding_distinct():
    forms = dict(harness.secret_scan.forms(ODD_TOKEN))
    assert forms['json'] != forms['exact']
    for offset in range(3):
        assert forms['base64url@%d' % offset] != forms['base64@%d' % offset]


def leak_and_scan(emulators, ansible, tmp_path, leak, secret=None, emulator=None):
    """Runs the leaking playbook at -vvvv --diff, then the scan command as run_integration.sh runs it: (exit code, lines)."""
    emulator = emulator or emulators(token=ODD_TOKEN)
    written = tmp_path / 'written'
    written.mkdir()
    run = ansible.playbook(FIXTURE, emulator, extra_vars={'leak': leak, 'leak_dir': str(written)}, args=['-vvvv', '--diff'],
                           env={'LEAK_SECRET': secret or emulator.token}, name='leak')
    assert run.returncode == 0, run.tail()
    output, log = ansible.outputs[-1]
    command = [sys.executable, SCAN, '--emulator', emulator.url, '--label', 'self-test %s' % leak, '--output', output, '--log', log,
               '--tree', str(written)]
    scan = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False, timeout=120)
    return scan.returncode, scan.stdout.decode('utf-8', 'replace').splitlines()


def leak_lines(lines, where):
    return [line for line in lines if line.startswith('  LEAK ') and where in line]


@pytest.mark.parametrize('leak,form', LEAKS, ids=[leak for leak, dummy in LEAKS])
def test_the_scan_fails_on_a_leak(emulators, ansible, tmp_path, case_scan, note, leak, form):
    case_scan.expect_leaks = True
    code, lines = leak_and_scan(emulators, ansible, tmp_path, leak)
    assert code == 1, 'the scan passed a %s leak:\n%s' % (leak, '\n'.join(lines))
    in_file = leak_lines(lines, 'leak.txt:')
    assert in_file and all(line.endswith(' as ' + form) for line in in_file), 'leak.txt not reported as %s:\n%s' % (form, '\n'.join(lines))
    in_output = leak_lines(lines, 'output leak.output.txt:')
    assert in_output, 'the leak in the output was not found:\n%s' % '\n'.join(lines)
    assert ODD_TOKEN not in '\n'.join(lines) and ODD_TOKEN[5:21] not in '\n'.join(lines), 'the scan printed the secret'
    note('scan failed: %d leaks; the file as %s, the output as %s' % (
        len(leak_lines(lines, '')), form, ', '.join(sorted(set(line.rsplit(' as ', 1)[1] for line in in_output)))))


def test_the_scan_fails_on_the_key_of_a_deleted_token(emulators, ansible, tmp_path, case_scan, note):
    case_scan.expect_leaks = True
    emulator = emulators()
    org = emulator.api('POST', 'v2.0/organizations/', json={'label': 'gone'}).json()
    emulator.api('POST', 'v2.0/api_roles/', json={'label': 'reader', 'name': 'Reader', 'permissions': ['view_device']})
    token = emulator.api('POST', 'v2.0/organizations/%s/tokens/' % org['id'], json={'name': 'old', 'apiRole': '~reader'}).json()
    assert emulator.api('DELETE', 'v2.0/organizations/%s/tokens/%s/' % (org['id'], token['id'])).status_code == 204
    code, lines = leak_and_scan(emulators, ansible, tmp_path, 'noprefix', secret=token['key'], emulator=emulator)
    assert code == 1 and leak_lines(lines, 'leak.txt:'), '\n'.join(lines)
    assert all('token_key' in line for line in leak_lines(lines, '')), '\n'.join(lines)
    note('scan failed: the key of a deleted token, printed without its prefix, found as a token_key')


def test_the_scan_passes_a_clean_run(emulators, ansible, tmp_path, case_scan, note):
    code, lines = leak_and_scan(emulators, ansible, tmp_path, 'none')
    assert code == 0, '\n'.join(lines)
    summary = lines[0]
    assert summary.startswith('secret scan self-test none: 1 secrets checked (1 admin_token') and summary.endswith('; 0 leaks'), summary
    note('the same playbook leaking nothing: scan passed, %s' % summary.split(': ', 1)[1])


def test_a_key_may_show_only_in_the_task_that_created_it():
    """module_results_secret_scan registers results without no_log: the creating task may show its key, no other."""
    scan = harness.secret_scan
    key = 'BBFF-' + 'Q' * 10 + 'r' * 10 + 'S' * 10
    secrets = [scan.Secret(account='a', kind='token_key', value=key)]
    creating = 'TASK [Create the token %s] ***\nok: {"key": "%s"}\n' % (scan.CREATOR_MARK, key)
    logged = '2026-12-04 23:00:00,000 p=1 u=root n=ansible | TASK [t : Create it %s] ***\n{"key": "%s"}\n' % (scan.CREATOR_MARK, key)
    other = 'TASK [Show it] ***\nok: {"key": "%s"}\n' % key
    for clean in (creating, logged):
        masked, allowed, problems = scan.allow_creating_tasks(clean, secrets)
        assert allowed == 1 and problems == [] and key not in masked
        assert scan.Scanner(secrets).scan('output', masked) == []
    masked, allowed, problems = scan.allow_creating_tasks(creating + other, secrets)
    assert allowed == 1 and len(scan.Scanner(secrets).scan('output', masked)) == 1
    masked, allowed, problems = scan.allow_creating_tasks(creating + creating, secrets)
    assert problems == ['a token key shown by two creating tasks (Create the token %s)' % scan.CREATOR_MARK]
