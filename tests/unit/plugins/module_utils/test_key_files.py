# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""key_files: the keys of new tokens go to a YAML file (merged, 0600 in a 0700 folder), never to the result."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import stat

import pytest
import yaml

from ansible_collections.ubidots.cloud.plugins.module_utils.engine import InputError
from ansible_collections.ubidots.cloud.plugins.module_utils.key_files import HEADER, KeyFile, ask_for_missing_keys, keep_keys, write_private_file
from ansible_collections.ubidots.cloud.plugins.modules import ubidots_organization
from ansible_collections.ubidots.cloud.tests.unit.plugins.module_utils.fakes import FakeResponse, page, run_module
from ansible_collections.ubidots.cloud.tests.unit.plugins.modules.test_ubidots_organization_tokens import (
    ORG, ROLE, TOKENS, args, calls, key, token)


def mode(path):
    return stat.S_IMODE(os.stat(str(path)).st_mode)


def read(path):
    with open(str(path)) as handle:
        return handle.read()


def test_new_keys_replace_other_keys_fill_only_gaps_and_the_result_keeps_none(tmp_path):
    path = tmp_path / 'keys' / 'acme.yml'
    key_file = KeyFile(str(path))
    assert key_file.load() == set()
    tokens = [{'name': 'gateway', 'action': 'created', 'key': key('e')}, {'name': 'dashboards', 'action': 'unchanged'}]
    kept, written = key_file.keep(tokens)
    assert written == ['gateway'] and all('key' not in t for t in kept) and kept[1] == tokens[1]
    assert read(path).startswith(HEADER) and yaml.safe_load(read(path)) == {'gateway': key('e')}
    assert mode(path) == 0o600 and mode(path.parent) == 0o700
    again = KeyFile(str(path))
    assert again.load() == {'gateway'}
    written = again.keep([{'name': 'gateway', 'action': 'unchanged', 'key': key('a')},      # a gap filler: not a gap
                          {'name': 'dashboards', 'action': 'updated', 'key': key('b')},     # a gap: filled
                          {'name': 'old', 'action': 'deleted', 'key': key('c')}])[1]        # deleted: never written
    assert written == ['dashboards'] and yaml.safe_load(read(path)) == {'gateway': key('e'), 'dashboards': key('b')}
    written = again.keep([{'name': 'gateway', 'action': 'regenerated', 'key': key('f')}])[1]
    assert written == ['gateway'] and yaml.safe_load(read(path))['gateway'] == key('f')


def test_an_unchanged_file_is_not_written_again(tmp_path):
    path = tmp_path / 'acme.yml'
    KeyFile(str(path)).load()
    key_file = KeyFile(str(path))
    key_file.load()
    key_file.keep([{'name': 'gateway', 'action': 'created', 'key': key('e')}])
    before = os.stat(str(path)).st_mtime_ns
    again = KeyFile(str(path))
    again.load()
    assert again.keep([{'name': 'gateway', 'action': 'unchanged', 'key': key('e')}])[1] == []
    assert os.stat(str(path)).st_mtime_ns == before


@pytest.mark.parametrize('content', ['- a list\n', 'just text\n', '{unclosed: [\n'])
def test_a_file_that_is_not_a_mapping_is_refused_naming_it_and_left_alone(tmp_path, content):
    path = tmp_path / 'acme.yml'
    path.write_text(content)
    with pytest.raises(InputError) as error:
        KeyFile(str(path)).load()
    assert str(error.value) == ('key_file=%s is not a YAML mapping of token name to key; it was left as it is and nothing '
                                'was changed.' % path)
    assert read(path) == content


def test_a_folder_or_an_unwritable_place_is_refused(tmp_path):
    with pytest.raises(InputError, match='is a directory; give the path of a file'):
        KeyFile(str(tmp_path)).load()
    blocker = tmp_path / 'file'
    blocker.write_text('x')
    with pytest.raises(InputError, match='its folder=%s is not a directory' % blocker):
        KeyFile(str(blocker / 'acme.yml')).load()


def test_check_mode_writes_nothing_and_asks_for_no_key(tmp_path):
    path = tmp_path / 'keys' / 'acme.yml'
    key_file = KeyFile(str(path), check_mode=True)
    key_file.load()
    kept, written = key_file.keep([{'name': 'gateway', 'action': 'created', 'key': '(known after apply)'}])
    assert written == [] and 'key' not in kept[0] and not path.parent.exists()
    items = [{'name': 'gateway'}]
    assert ask_for_missing_keys(items, set(), check_mode=True) == items
    assert ask_for_missing_keys(items + [{'name': 'ops'}], {'ops'}, check_mode=False) == [
        {'name': 'gateway', 'include_key': True}, {'name': 'ops'}]


def test_keep_keys_without_a_key_file_leaves_the_result_alone():
    result = {'tokens': [{'name': 'gateway', 'key': key('e')}]}
    assert keep_keys(None, result) is result


def test_the_module_writes_new_keys_to_the_file_and_returns_none(monkeypatch, capsys, tmp_path):
    path = tmp_path / 'keys' / 'acme.yml'
    result, session = run_module(monkeypatch, capsys, ubidots_organization, args(key_file=str(path)), page([]),
                                 FakeResponse(201, ORG), page([ROLE]), FakeResponse(201, token('e' * 24, 'gateway', key('e'))),
                                 FakeResponse(201, token('f' * 24, 'dashboards', key('f'))), diff=True)
    assert result['changed'] is True and result['keys_written'] == ['dashboards', 'gateway']
    assert key('e') not in json.dumps(result) and key('f') not in json.dumps(result)
    assert yaml.safe_load(read(path)) == {'gateway': key('e'), 'dashboards': key('f')} and mode(path) == 0o600


def test_the_module_fills_the_key_of_a_token_the_file_lacks(monkeypatch, capsys, tmp_path):
    """A run stopped before it could write the key of dashboards: the next one asks the API for that key only."""
    path = tmp_path / 'acme.yml'
    path.write_text('gateway: %s\n' % key('a'))
    existing = [token('a' * 24, 'gateway', key('a')), token('b' * 24, 'dashboards', key('b'))]
    result, session = run_module(monkeypatch, capsys, ubidots_organization, args(key_file=str(path)), page([ORG]),
                                 page(existing))
    assert calls(session) == [('GET', ubidots_organization_url()), ('GET', TOKENS)]
    assert result['changed'] is False and result['keys_written'] == ['dashboards']
    assert key('b') not in json.dumps(result)
    assert yaml.safe_load(read(path)) == {'gateway': key('a'), 'dashboards': key('b')}


def test_the_module_refuses_a_bad_key_file_before_any_request(monkeypatch, capsys, tmp_path):
    path = tmp_path / 'acme.yml'
    path.write_text('- not a mapping\n')
    result, session = run_module(monkeypatch, capsys, ubidots_organization, args(key_file=str(path)))
    assert session.calls == [] and result['failed'] is True and 'key_file=%s is not a YAML mapping' % path in result['msg']


def test_a_failure_half_way_still_writes_the_keys_made_before_it(monkeypatch, capsys, tmp_path):
    path = tmp_path / 'acme.yml'
    result, session = run_module(monkeypatch, capsys, ubidots_organization,
                                 args(tokens=[{'name': 'gateway', 'role': 'read-only'}, {'name': 'dashboards', 'role': 'nope'}],
                                      key_file=str(path)),
                                 page([]), FakeResponse(201, ORG), page([ROLE]), FakeResponse(201, token('e' * 24, 'gateway', key('e'))))
    assert result['failed'] is True and 'role=nope does not exist' in result['msg']
    assert key('e') not in json.dumps(result) and result['keys_written'] == ['gateway']
    assert yaml.safe_load(read(path)) == {'gateway': key('e')}


def test_check_mode_of_the_module_writes_no_file(monkeypatch, capsys, tmp_path):
    path = tmp_path / 'keys' / 'acme.yml'
    result, session = run_module(monkeypatch, capsys, ubidots_organization, args(key_file=str(path)), page([]), page([ROLE]),
                                 check_mode=True)
    assert result['keys_written'] == [] and all('key' not in t for t in result['tokens'])
    assert not path.parent.exists()


def ubidots_organization_url():
    return TOKENS.split('~acme/', maxsplit=1)[0]


def test_every_folder_made_for_a_private_file_is_for_its_owner_only(tmp_path):
    """<key dir>/users/<name>.password with no key dir yet: both folders 0700, not only the last."""
    path = tmp_path / 'keys' / 'users' / 'bob.password'
    umask = os.umask(0o022)
    try:
        write_private_file(str(path), 'secret\n', '.password-')
    finally:
        os.umask(umask)
    assert mode(path) == 0o600 and mode(path.parent) == 0o700 and mode(path.parent.parent) == 0o700
