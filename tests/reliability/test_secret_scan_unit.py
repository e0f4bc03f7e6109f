# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests of tests/tools/secret_scan.py: encodings, pieces, false positives, key folders, nothing-to-scan."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import json
import os
import random
import string

import harness

scan = harness.secret_scan
ALNUM = string.ascii_letters + string.digits


def token(seed):
    rng = random.Random(seed)
    return 'BBFF-' + ''.join(rng.choice(ALNUM) for dummy in range(30))


def found(secret, text, kind='token_key'):
    return [leak.form for leak in scan.Scanner([scan.Secret('acc', kind, secret)]).scan('t', text)]


def test_base64_inner_is_what_any_surrounding_bytes_leave_unchanged():
    secret = token(1).encode()
    rng = random.Random(2)
    for offset in range(3):
        inner = scan.base64_inner(secret, offset)
        assert len(inner) >= len(secret) * 4 // 3 - 2
        for dummy in range(20):
            before = bytes(rng.randrange(256) for dummy in range(offset + 3 * rng.randrange(4)))
            after = bytes(rng.randrange(256) for dummy in range(rng.randrange(5)))
            assert inner in base64.b64encode(before + secret + after).decode()
            assert scan.base64_inner(secret, offset, urlsafe=True) in base64.urlsafe_b64encode(before + secret + after).decode()


def test_every_encoding_and_piece_is_found():
    secret = token(3)
    assert found(secret, 'key: %s\n' % secret) == ['exact']
    for offset in range(3):
        assert found(secret, base64.b64encode(b'k' * offset + secret.encode() + b'\n').decode()) in (
            ['base64@%d' % offset], ['base64url@%d' % offset])
    assert found(secret, secret[:17] + '\n...\n' + secret[17:]) == ['piece of exact']
    assert found(secret, 'body=' + secret[5:]) == ['piece of exact']
    assert found(secret, 'x' + secret[9:25] + 'y') == ['piece of exact']


def test_json_form_of_a_password():
    password = 'p"ss\\word with spaces 42'
    assert found(password, json.dumps({'password': password}), 'password') == ['json']
    assert found(password, password, 'password') == ['exact']


def test_a_short_password_counts_whole_only():
    assert found('hunter2', 'user: x, password: hunter2', 'password') == ['exact']
    assert found('hunter2', 'hunter 2, hunte', 'password') == []
    assert found('hunter2', base64.b64encode(b'hunter2').decode(), 'password') == ['base64@0']


def test_no_false_positive_from_the_prefix_other_tokens_or_words():
    secret = token(4)
    text = 'BBFF- BBFF-<masked> BBFF-*** %s the quick brown fox, TASK [ubidots.cloud] ********* %s' % (
        secret[:15], base64.b64encode(b'BBFF-').decode())
    assert found(secret, text * 50) == []
    assert found(secret, 'A' * 10000 + '=' * 1000) == []


def test_a_token_shaped_string_the_emulator_never_issued_is_a_leak():
    assert found(token(5), 'sent %s' % token(6)) == ['shape']


def test_leak_reports_never_hold_the_value():
    secret = token(7)
    leaks = scan.Scanner([scan.Secret('acc', 'token_key', secret)]).scan('out', 'a\nb %s' % secret)
    assert [(leak.where, leak.line, leak.form) for leak in leaks] == [('out', 2, 'exact')]
    assert secret not in str(leaks) and secret[5:21] not in str(leaks)


def test_key_folder_rules(tmp_path):
    keys = tmp_path / 'keys'
    keys.mkdir(mode=0o700)
    good = keys / 'acme.yml'
    good.write_text('gw: %s\n' % token(8))
    good.chmod(0o600)
    assert scan.key_dir_problems(str(keys)) == []
    good.chmod(0o644)
    keys.chmod(0o755)
    problems = scan.key_dir_problems(str(keys))
    assert len(problems) == 2 and 'mode 755' in problems[0] and 'mode 644' in problems[1]


def test_walk_leaves_key_folders_and_skipped_names_out(tmp_path):
    (tmp_path / 'keys').mkdir()
    (tmp_path / 'keys' / 'a.yml').write_text('x')
    (tmp_path / 'report').mkdir()
    (tmp_path / 'report' / 'drift.md').write_text('x')
    (tmp_path / 'run.vars.json').write_text('x')
    files, key_dirs = scan.walk(str(tmp_path), ['keys'], ['*.vars.json'])
    assert [os.path.relpath(path, str(tmp_path)) for path in files] == ['report/drift.md']
    assert key_dirs == [str(tmp_path / 'keys')]


def test_nothing_to_scan_is_a_failure():
    secrets = [scan.Secret('acc', 'admin_token', token(9))]
    empty = scan.scan_run('t', secrets, {'output x': '', 'log x': 'TASK [a]\n'}, required=['output x', 'log x', 'log y'])
    assert not empty.ok and empty.leaks == [] and len(empty.problems) == 2
    nothing_known = scan.scan_run('t', [], {'output x': 'TASK [a]\n'}, required=['output x'])
    assert not nothing_known.ok and 'no secret to look for' in nothing_known.problems[0]
    clean = scan.scan_run('t', secrets, {'output x': 'TASK [a]\n'}, required=['output x'])
    assert clean.ok and clean.summary().endswith('; 0 leaks')


def test_token_posts_count_created_tokens_of_one_account():
    entries = [
        {'account': 'a', 'method': 'POST', 'status': 201, 'path': '/api/v2.0/organizations/~acme/tokens/'},
        {'account': 'a', 'method': 'POST', 'status': 400, 'path': '/api/v2.0/organizations/~acme/tokens/'},
        {'account': 'a', 'method': 'POST', 'status': 201, 'path': '/api/v2.0/organizations/'},
        {'account': 'b', 'method': 'POST', 'status': 201, 'path': '/api/v2.0/organizations/x/tokens/'},
    ]
    assert scan.token_posts(entries, 'a') == 1
