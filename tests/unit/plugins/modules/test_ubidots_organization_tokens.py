# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ubidots_organization with ``tokens``: an organization and all its tokens in one task, at the fewest requests."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

from ansible_collections.ubidots.cloud.plugins.modules import ubidots_organization
from ansible_collections.ubidots.cloud.tests.unit.plugins.module_utils.fakes import FakeResponse, page, run_module

API = 'https://api.example.test'
ORGS = API + '/api/v2.0/organizations/'
TOKENS = ORGS + '~acme/tokens/'
ROLES = API + '/api/v2.0/api_roles/'
ROLE = {'id': 'c' * 24, 'label': 'read-only', 'name': 'Read only', 'url': API + '/api/v2.0/api_roles/' + 'c' * 24}
ORG = {'id': 'd' * 24, 'label': 'acme', 'name': 'acme', 'description': '', 'properties': {}, 'isActive': True,
       'app': None, 'favicon': None, 'logo': None, 'createdAt': '2026-11-22T14:05:55.471155Z'}


def token(token_id, name, key=None, **fields):
    obj = {'id': token_id, 'name': name, 'apiRole': ROLE, 'rateLimit': 4, 'rateLimitWindow': 1,
           'organization': {'id': 'd' * 24, 'label': 'acme'}, 'createdAt': '2026-11-22T14:05:55.%06dZ' % int(token_id[0], 16)}
    if key:
        obj['key'] = key
    obj.update(fields)
    return obj


def key(letter):
    return 'BBFF-' + letter * 30


def args(**extra):
    return dict({'label': 'acme', 'tokens': [{'name': 'gateway', 'role': 'read-only'},
                                             {'name': 'dashboards', 'role': 'read-only'}]}, **extra)


def calls(session):
    return [(c['method'], c['url']) for c in session.calls]


def test_a_new_organization_and_its_tokens_cost_one_post_each_and_one_list(monkeypatch, capsys):
    result, session = run_module(monkeypatch, capsys, ubidots_organization, args(), page([]), FakeResponse(201, ORG),
                                 page([ROLE]), FakeResponse(201, token('e' * 24, 'gateway', key('e'))),
                                 FakeResponse(201, token('f' * 24, 'dashboards', key('f'))), diff=True)
    assert calls(session) == [('GET', ORGS), ('POST', ORGS), ('GET', ROLES), ('POST', TOKENS), ('POST', TOKENS)]
    assert result['changed'] is True and result['action'] == 'created'
    assert [(t['name'], t['action'], t['key']) for t in result['tokens']] == [
        ('gateway', 'created', key('e')), ('dashboards', 'created', key('f'))]
    assert sorted(result['diff']['after']['tokens']) == ['dashboards', 'gateway']
    assert key('e') not in json.dumps(result['diff'])


def test_an_existing_organization_reads_its_tokens_once_and_reports_undeclared_ones(monkeypatch, capsys):
    existing = [token('a' * 24, 'gateway', key('a')), token('b' * 24, 'old-script', key('b'))]
    made = token('f' * 24, 'dashboards', key('f'))
    result, session = run_module(monkeypatch, capsys, ubidots_organization, args(), page([ORG]), page(existing),
                                 page([ROLE]), FakeResponse(201, made), page(existing + [made]), diff=True)
    assert calls(session) == [('GET', ORGS), ('GET', TOKENS), ('GET', ROLES), ('POST', TOKENS), ('GET', TOKENS)]
    assert [(t['name'], t['action']) for t in result['tokens']] == [('gateway', 'unchanged'), ('dashboards', 'created')]
    assert 'key' not in result['tokens'][0] and result['tokens'][1]['key'] == key('f')
    assert result['undeclared_tokens'] == ['old-script']
    assert result['action'] == 'updated' and result['changed'] is True  # its tokens changed


def test_exclusive_deletes_what_the_list_does_not_name_and_shows_it_in_the_diff(monkeypatch, capsys):
    existing = [token('a' * 24, 'gateway'), token('b' * 24, 'dashboards'), token('c' * 24, 'old-script')]
    result, session = run_module(monkeypatch, capsys, ubidots_organization, args(tokens_exclusive=True), page([ORG]),
                                 page(existing), FakeResponse(204), diff=True)
    assert calls(session) == [('GET', ORGS), ('GET', TOKENS), ('DELETE', TOKENS + 'c' * 24 + '/')]
    assert [(t['name'], t['action']) for t in result['tokens']][-1] == ('old-script', 'deleted')
    assert result['undeclared_tokens'] == [] and result['changed'] is True
    assert result['diff']['after']['tokens']['old-script'] == {} and 'old-script' in result['diff']['before']['tokens']


def test_a_converged_organization_in_check_mode_costs_two_reads_and_changes_nothing(monkeypatch, capsys):
    existing = [token('a' * 24, 'gateway'), token('b' * 24, 'dashboards')]
    result, session = run_module(monkeypatch, capsys, ubidots_organization, args(), page([ORG]), page(existing),
                                 check_mode=True, diff=True)
    assert calls(session) == [('GET', ORGS), ('GET', TOKENS)]
    assert result['changed'] is False and result['check_mode'] is True
    assert [t['action'] for t in result['tokens']] == ['unchanged', 'unchanged']


def test_check_mode_predicts_a_new_organization_with_its_tokens_without_reading_them(monkeypatch, capsys):
    result, session = run_module(monkeypatch, capsys, ubidots_organization, args(), page([]), page([ROLE]),
                                 check_mode=True)
    assert calls(session) == [('GET', ORGS), ('GET', ROLES)]
    assert [(t['name'], t['action'], t['key']) for t in result['tokens']] == [
        ('gateway', 'created', '(known after apply)'), ('dashboards', 'created', '(known after apply)')]
    assert result['tokens'][0]['api_role']['id'] == 'c' * 24


def test_duplicate_names_in_the_list_fail_before_any_request(monkeypatch, capsys):
    result, session = run_module(monkeypatch, capsys, ubidots_organization,
                                 args(tokens=[{'name': 'gateway', 'role': 'a'}, {'name': 'gateway', 'role': 'b'}]))
    assert session.calls == [] and result['failed'] is True
    assert result['msg'] == 'tokens: the name gateway is given more than once.'


def test_a_token_that_fails_keeps_the_keys_made_before_it(monkeypatch, capsys):
    result, session = run_module(monkeypatch, capsys, ubidots_organization,
                                 args(tokens=[{'name': 'gateway', 'role': 'read-only'}, {'name': 'dashboards', 'role': 'nope'}]),
                                 page([]), FakeResponse(201, ORG), page([ROLE]), FakeResponse(201, token('e' * 24, 'gateway', key('e'))))
    assert calls(session)[-1] == ('POST', TOKENS)  # the unknown role is refused before its POST
    assert result['failed'] is True
    assert 'role=nope does not exist' in result['msg']
    assert [(t['name'], t['key']) for t in result['tokens']] == [('gateway', key('e'))]
    assert result['organization']['id'] == 'd' * 24


def test_a_failed_exclusive_deletion_keeps_the_keys_made_before_it(monkeypatch, capsys):
    """Found by review: a refused DELETE of an undeclared token lost the keys of the tokens just made."""
    existing = [token('a' * 24, 'gateway'), token('c' * 24, 'old-script')]
    made = token('f' * 24, 'dashboards', key('f'))
    broken = FakeResponse(403, {'code': 403001, 'message': 'Denied.', 'detail': 'Denied.'})
    result, session = run_module(monkeypatch, capsys, ubidots_organization, args(tokens_exclusive=True), page([ORG]),
                                 page(existing), page([ROLE]), FakeResponse(201, made), page(existing + [made]),
                                 broken)
    assert result['failed'] is True
    assert [(t['name'], t.get('key')) for t in result['tokens']] == [('gateway', None), ('dashboards', key('f'))]


# --- known_api_roles: the roles an earlier task read or made, handed over so the token roles cost no read ----------
def role_entry(action='created', **fields):
    """An entry of ubidots_org_role's ``roles`` result (snake_case, readable permissions, an action)."""
    entry = {'id': ROLE['id'], 'label': 'read-only', 'name': 'Read only', 'url': ROLE['url'], 'action': action,
             'permissions': {'devices': ['read']}, 'permission_codenames': ['view_device']}
    entry.update(fields)
    return entry


def test_roles_handed_over_by_the_roles_task_spare_the_role_read(monkeypatch, capsys):
    result, session = run_module(monkeypatch, capsys, ubidots_organization, args(known_api_roles=[role_entry()]),
                                 page([]), FakeResponse(201, ORG), FakeResponse(201, token('e' * 24, 'gateway', key('e'))),
                                 FakeResponse(201, token('f' * 24, 'dashboards', key('f'))))
    assert calls(session) == [('GET', ORGS), ('POST', ORGS), ('POST', TOKENS), ('POST', TOKENS)]
    assert [(t['name'], t['action']) for t in result['tokens']] == [('gateway', 'created'), ('dashboards', 'created')]


def test_check_mode_counts_a_role_the_roles_task_only_predicted(monkeypatch, capsys):
    predicted = role_entry(id='(known after apply)', url='(known after apply)')
    result, session = run_module(monkeypatch, capsys, ubidots_organization, args(known_api_roles=[predicted]),
                                 page([]), check_mode=True)
    assert calls(session) == [('GET', ORGS)]
    assert [t['action'] for t in result['tokens']] == ['created', 'created']
    predicted_role = {'id': '(known after apply)', 'label': 'read-only', 'name': 'Read only', 'url': '(known after apply)'}
    assert result['tokens'][0]['api_role'] == predicted_role


def test_a_predicted_or_deleted_role_is_not_trusted_by_a_real_run(monkeypatch, capsys):
    handed_over = [role_entry(id='(known after apply)'), role_entry(action='deleted')]
    result, session = run_module(monkeypatch, capsys, ubidots_organization, args(known_api_roles=handed_over),
                                 page([ORG]), page([]), page([]))
    assert calls(session) == [('GET', ORGS), ('GET', TOKENS), ('GET', ROLES)]  # read as without the option
    assert result['failed'] is True and 'role=read-only does not exist' in result['msg']


def test_a_token_role_the_handed_over_list_lacks_is_read_from_the_api(monkeypatch, capsys):
    other = dict(ROLE, id='a' * 24, label='writer', name='Writer')
    result, session = run_module(monkeypatch, capsys, ubidots_organization,
                                 args(known_api_roles=[role_entry(id=other['id'], label='writer', name='Writer')],
                                      tokens=[{'name': 'gateway', 'role': 'writer'}, {'name': 'dashboards', 'role': 'read-only'}]),
                                 page([]), FakeResponse(201, ORG), FakeResponse(201, token('e' * 24, 'gateway', key('e'))),
                                 page([ROLE, other]), FakeResponse(201, token('f' * 24, 'dashboards', key('f'))))
    assert calls(session) == [('GET', ORGS), ('POST', ORGS), ('POST', TOKENS), ('GET', ROLES), ('POST', TOKENS)]
    assert result['changed'] is True and 'failed' not in result


def test_a_handed_over_entry_without_label_or_id_fails_before_any_request(monkeypatch, capsys):
    result, session = run_module(monkeypatch, capsys, ubidots_organization,
                                 args(known_api_roles=[role_entry(), {'name': 'Read only'}]))
    assert session.calls == [] and result['failed'] is True
    assert "known_api_roles[1] names nothing (it has neither label nor id): ['name']." in result['msg']
