# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ubidots_org_token over a fake HTTP session: what happens when responses are lost."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

import requests


from ansible_collections.ubidots.cloud.plugins.module_utils import tokens
from ansible_collections.ubidots.cloud.plugins.modules import ubidots_org_token, ubidots_org_token_info
from ansible_collections.ubidots.cloud.tests.unit.plugins.module_utils.fakes import FakeResponse, page, run_module

API = 'https://api.example.test'
TOKENS = API + '/api/v2.0/organizations/~acme/tokens/'
ROLE = {'id': 'c' * 24, 'label': 'read-only', 'name': 'Read only', 'url': API + '/api/v2.0/api_roles/' + 'c' * 24}
KEY = 'BBFF-' + 'k' * 30


def token(token_id, key=None, created='2026-11-22T14:05:55.471155Z'):
    obj = {'id': token_id, 'name': 'gateway', 'apiRole': ROLE, 'rateLimit': 4, 'rateLimitWindow': 1,
           'organization': {'id': 'd' * 24, 'label': 'acme'}, 'createdAt': created}
    if key:
        obj['key'] = key
    return obj


def run_token_module(monkeypatch, capsys, args, *answers, **options):
    return run_module(monkeypatch, capsys, options.pop('module', ubidots_org_token), args, *answers, **options)


def test_lost_delete_of_a_keyless_token_is_confirmed_not_fatal(monkeypatch, capsys):
    """Found by tests/reliability (lost responses, hidden keys): the clean-up DELETE had no confirm, so a lost
    answer to it failed the task with "may have been applied"."""
    lost = requests.exceptions.ConnectionError('connection closed')
    result, session = run_token_module(
        monkeypatch, capsys, {'organization': 'acme', 'name': 'gateway', 'role': 'read-only'},
        page([]),                                  # lookup: no token yet
        page([ROLE]),                              # the account's roles, read once per task
        lost,                                    # POST applied, answer lost
        page([token('e' * 24)]),                   # confirm: made, but its key is not shown again
        lost,                                    # DELETE of that token applied, answer lost
        FakeResponse(404, {'code': 404001, 'message': 'Not found.', 'detail': 'Not found.'}),  # confirm: gone
        FakeResponse(201, token('f' * 24, KEY)),  # POST again: a token whose key we hold
        page([token('f' * 24)]),                   # no other run made one meanwhile
    )
    assert result.get('failed') is not True, result.get('msg')
    assert result['changed'] is True
    assert result['token']['id'] == 'f' * 24 and result['token']['key'] == KEY
    assert [(c['method'], c['url']) for c in session.calls] == [
        ('GET', TOKENS), ('GET', API + '/api/v2.0/api_roles/'), ('POST', TOKENS), ('GET', TOKENS),
        ('DELETE', TOKENS + 'e' * 24 + '/'), ('GET', TOKENS + 'e' * 24 + '/'), ('POST', TOKENS), ('GET', TOKENS)]


def test_info_on_a_missing_organization_says_so(monkeypatch, capsys):
    """Found by tests/reliability (bad input): the message was the bare 'GET ... HTTP 404 ... Not found.'"""
    missing = FakeResponse(404, {'code': 404001, 'message': 'Not found.', 'detail': 'Not found.'})
    result, session = run_token_module(monkeypatch, capsys, {'organization': 'nope'}, missing, module=ubidots_org_token_info)
    assert result['failed'] is True
    assert result['msg'] == ('organization=nope does not exist. Check its label or id, or create it with '
                             'ubidots.cloud.ubidots_organization.')
    assert [c['method'] for c in session.calls] == ['GET']


def test_two_runs_creating_the_same_token_leave_one(monkeypatch, capsys):
    """Found by tests/reliability (two bootstraps at once): both runs created every token, duplicates stayed."""
    ours = token('f' * 24, KEY, created='2026-11-22T14:05:56.000002Z')
    theirs = token('e' * 24, created='2026-11-22T14:05:56.000001Z')
    result, session = run_token_module(
        monkeypatch, capsys, {'organization': 'acme', 'name': 'gateway', 'role': 'read-only'},
        page([]),                                  # lookup: none yet (the other run's POST is on its way)
        page([ROLE]),
        FakeResponse(201, ours),                 # our copy
        page([ours, theirs]),                      # the other run's copy is older
        FakeResponse(204),                       # we delete ours
    )
    assert result.get('failed') is not True, result.get('msg')
    assert result['token']['id'] == 'e' * 24 and 'key' not in result['token']
    assert ('DELETE', TOKENS + 'f' * 24 + '/') in [(c['method'], c['url']) for c in session.calls]
    warnings = json.dumps(result['warnings'])  # strings before ansible-core 2.19, structured after
    assert 'Another run created' in warnings and 'e' * 24 in warnings
    assert KEY not in json.dumps(result)


def test_the_older_copy_stays_with_the_run_that_made_it(monkeypatch, capsys):
    ours = token('e' * 24, KEY, created='2026-11-22T14:05:56.000001Z')
    theirs = token('f' * 24, created='2026-11-22T14:05:56.000002Z')
    result, session = run_token_module(
        monkeypatch, capsys, {'organization': 'acme', 'name': 'gateway', 'role': 'read-only'},
        page([]), page([ROLE]), FakeResponse(201, ours), page([theirs, ours]))
    assert result['token']['id'] == 'e' * 24 and result['token']['key'] == KEY
    assert [c['method'] for c in session.calls] == ['GET', 'GET', 'POST', 'GET']


def test_a_duplicate_that_settles_is_not_an_error(monkeypatch, capsys):
    """Found by tests/reliability (three bootstraps at once): a third run looked the token up while the two others'
    copies both existed, for the moment before the loser deleted its own, and failed on 'cannot tell which one'."""
    monkeypatch.setattr(tokens, 'RACE_SETTLE_WAITS', (0.0, 0.0))
    kept, extra = token('e' * 24), token('f' * 24)
    result, session = run_token_module(
        monkeypatch, capsys, {'organization': 'acme', 'name': 'gateway', 'role': 'read-only'},
        page([extra, kept]), page([kept]))
    assert result.get('failed') is not True, result.get('msg')
    assert result['changed'] is False and result['token']['id'] == 'e' * 24
    assert [c['method'] for c in session.calls] == ['GET', 'GET']


def test_a_duplicate_that_stays_is_refused(monkeypatch, capsys):
    monkeypatch.setattr(tokens, 'RACE_SETTLE_WAITS', (0.0, 0.0))
    twins = page([token('e' * 24), token('f' * 24)])
    result, session = run_token_module(
        monkeypatch, capsys, {'organization': 'acme', 'name': 'gateway', 'role': 'read-only'}, twins, twins, twins)
    assert result['failed'] is True
    assert '2 tokens of organization "acme" are named "gateway"' in result['msg'] and 'Delete or rename' in result['msg']
    assert [c['method'] for c in session.calls] == ['GET', 'GET', 'GET']


def test_an_unchanged_token_result_holds_no_key(monkeypatch, capsys):
    """Issue 18: with an API that shows keys of existing tokens, every run of the task put the live key in its result."""
    result, session = run_token_module(monkeypatch, capsys, {'organization': 'acme', 'name': 'gateway', 'role': 'read-only'},
                                       page([token('e' * 24, KEY)]))
    assert result.get('failed') is not True, result.get('msg')
    assert result['changed'] is False
    assert 'key' not in result['token'] and KEY not in json.dumps(result)
    assert result['token']['key_fingerprint'].startswith('sha256:')


def test_an_updated_token_result_holds_no_key(monkeypatch, capsys):
    updated = dict(token('e' * 24, KEY), rateLimit=2)
    result, session = run_token_module(monkeypatch, capsys, {'organization': 'acme', 'name': 'gateway', 'rate_limit': 2},
                                       page([token('e' * 24, KEY)]), FakeResponse(200, updated))
    assert result['changed'] is True and KEY not in json.dumps(result)


def test_include_key_returns_the_key_of_an_existing_token(monkeypatch, capsys):
    result, session = run_token_module(monkeypatch, capsys, {'organization': 'acme', 'name': 'gateway', 'include_key': True},
                                       page([token('e' * 24, KEY)]))
    assert result['changed'] is False and result['token']['key'] == KEY


def test_a_regenerated_token_result_holds_the_new_key(monkeypatch, capsys):
    new_key = 'BBFF-' + 'n' * 30
    result, session = run_token_module(
        monkeypatch, capsys, {'organization': 'acme', 'name': 'gateway', 'regenerate': True},
        page([token('e' * 24, KEY)]), page([ROLE]), FakeResponse(201, token('f' * 24, new_key)),
        page([token('e' * 24, KEY), token('f' * 24, new_key)]), FakeResponse(204))
    assert result.get('failed') is not True, result.get('msg')
    assert result['token']['key'] == new_key and KEY not in json.dumps(result)


def test_an_empty_token_name_fails_before_any_request(monkeypatch, capsys):
    """Issue 18: name='' reached the API, which answered 400."""
    for name in ('', '   '):
        result, session = run_token_module(monkeypatch, capsys, {'organization': 'acme', 'name': name, 'role': 'read-only'})
        assert result['failed'] is True and result['msg'] == "name=%r is empty; give the name of the token." % name
        assert session.calls == []


def test_info_of_several_organizations_reads_each_list_once(monkeypatch, capsys):
    """organizations: one list request per organization (a duplicate read once), tokens in the order given."""
    globex = dict(token('a' * 24), name='dashboards', organization={'id': 'b' * 24, 'label': 'globex'})
    result, session = run_token_module(
        monkeypatch, capsys, {'organizations': ['acme', 'globex', 'acme']},
        page([token('e' * 24, KEY)]), page([globex]), module=ubidots_org_token_info)
    assert result.get('failed') is not True, result.get('msg')
    assert [(t['organization']['label'], t['name']) for t in result['tokens']] == [('acme', 'gateway'), ('globex', 'dashboards')]
    assert 'key' not in result['tokens'][0] and result['tokens'][0]['key_fingerprint'].startswith('sha256:')
    assert [(c['method'], c['url']) for c in session.calls] == [
        ('GET', TOKENS), ('GET', API + '/api/v2.0/organizations/~globex/tokens/')]


def test_info_of_several_organizations_names_the_missing_one(monkeypatch, capsys):
    missing = FakeResponse(404, {'code': 404001, 'message': 'Not found.', 'detail': 'Not found.'})
    result, session = run_token_module(monkeypatch, capsys, {'organizations': ['acme', 'nope']},
                                       page([]), missing, module=ubidots_org_token_info)
    assert result['failed'] is True
    assert result['msg'].startswith('organization=nope does not exist.')
    assert len(session.calls) == 2


def test_info_of_no_organization_at_all_reads_nothing(monkeypatch, capsys):
    result, session = run_token_module(monkeypatch, capsys, {'organizations': []}, module=ubidots_org_token_info)
    assert result.get('failed') is not True and result['tokens'] == [] and session.calls == []


def test_info_wants_one_of_organization_and_organizations(monkeypatch, capsys):
    for args in ({}, {'organization': 'acme', 'organizations': ['globex']}):
        result, session = run_token_module(monkeypatch, capsys, args, module=ubidots_org_token_info)
        assert result['failed'] is True and 'organization' in result['msg'] and session.calls == []
