# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ubidots_organization with ``members``: the member-set plan, one read of the organization's users, one write per user
that changes, and the checks before any write."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.ubidots.cloud.plugins.module_utils.users import membership_plan
from ansible_collections.ubidots.cloud.plugins.modules import ubidots_organization
from ansible_collections.ubidots.cloud.tests.unit.plugins.module_utils.fakes import FakeResponse, page, run_module

API = 'https://api.example.test'
ORGS = API + '/api/v2.0/organizations/'
MEMBERS = ORGS + '~acme/users/'
USERS = API + '/api/v2.0/users/'
ROLES = API + '/api/v2.0/roles/'
TOKENS = ORGS + '~acme/tokens/'
ORG = {'id': 'd' * 24, 'label': 'acme', 'name': 'acme', 'description': '', 'properties': {}, 'isActive': True,
       'app': None, 'favicon': None, 'logo': None, 'createdAt': '2026-11-22T14:05:55.471155Z', 'usersCount': 0}
USER_IDS = {'alice': 'a' * 24, 'bob': 'b' * 24, 'carol': 'c' * 24, 'dave': 'e' * 24}


def role(label):
    return {'label': label, 'name': label.title(), 'url': ROLES + label}


def member(username, role_label):
    """An item of the organization's users list."""
    return {'id': USER_IDS[username], 'url': USERS + USER_IDS[username], 'username': username,
            'email': username + '@acme.example', 'role': role(role_label)}


def account_user(username):
    return {'id': USER_IDS[username], 'username': username, 'email': username + '@acme.example', 'organizations': []}


def memberships(*pairs):
    """The answer of an assign or remove request: the user's memberships."""
    return FakeResponse(200, {'count': len(pairs), 'next': None, 'previous': None,
                              'results': [dict(ORG, role=role(r)) for dummy, r in pairs]})


def assign(username):
    return USERS + USER_IDS[username] + '/_/assign_organizations/'


def remove(username):
    return USERS + USER_IDS[username] + '/_/remove_organizations/'


ROLES_PAGE = page([role('viewer'), role('dashboards-viewer'), role('editor')])


def args(*pairs, **extra):
    return dict({'label': 'acme', 'members': [{'username': u, 'role': r} for u, r in pairs]}, **extra)


def calls(session):
    return [(c['method'], c['url']) for c in session.calls]


def run(monkeypatch, capsys, arguments, *answers, **options):
    return run_module(monkeypatch, capsys, ubidots_organization, arguments, *answers, **options)


@pytest.mark.parametrize('before, wanted, exclusive, after, added, changed, removed', [
    ({'bob': 'viewer'}, {'alice': 'viewer', 'bob': 'editor'}, False, {'alice': 'viewer', 'bob': 'editor'},
     ['alice'], ['bob'], []),
    ({'bob': 'viewer', 'dave': 'viewer'}, {'bob': 'viewer'}, False, {'bob': 'viewer', 'dave': 'viewer'}, [], [], []),
    ({'bob': 'viewer', 'dave': 'viewer'}, {'bob': 'viewer'}, True, {'bob': 'viewer'}, [], [], ['dave']),
    ({'dave': 'viewer'}, {}, True, {}, [], [], ['dave']),
    ({}, {'alice': 'editor'}, True, {'alice': 'editor'}, ['alice'], [], []),
])
def test_the_membership_plan_is_the_same_for_both_sides(before, wanted, exclusive, after, added, changed, removed):
    plan = membership_plan(before, wanted, exclusive)
    assert (plan.after, plan.added, plan.changed, plan.removed) == (after, added, changed, removed)


def test_add_change_role_and_report_undeclared_with_one_read_and_one_write_per_changed_user(monkeypatch, capsys):
    result, session = run(monkeypatch, capsys, args(('alice', 'viewer'), ('bob', 'editor'), ('carol', 'viewer')),
                          page([ORG]), page([member('bob', 'viewer'), member('carol', 'viewer'), member('dave', 'viewer')]),
                          page([account_user('alice')]), ROLES_PAGE,
                          memberships(('acme', 'viewer')), memberships(('acme', 'editor')), diff=True)
    assert calls(session) == [('GET', ORGS), ('GET', MEMBERS), ('GET', USERS), ('GET', ROLES),
                              ('POST', assign('alice')), ('POST', assign('bob'))]
    assert session.calls[4]['json'] == [{'label': 'acme', 'role': 'viewer'}]
    assert session.calls[5]['json'] == [{'label': 'acme', 'role': 'editor'}]  # a role change is a re-assign
    assert result['members'] == [{'username': 'alice', 'role': 'viewer', 'action': 'added'},
                                 {'username': 'bob', 'role': 'editor', 'action': 'updated'},
                                 {'username': 'carol', 'role': 'viewer', 'action': 'unchanged'}]
    assert result['undeclared_members'] == [{'username': 'dave', 'role': 'viewer'}]
    assert result['changed'] is True and result['action'] == 'updated'
    assert result['diff']['before']['members'] == {'bob': 'viewer', 'carol': 'viewer'}
    assert result['diff']['after']['members'] == {'alice': 'viewer', 'bob': 'editor', 'carol': 'viewer'}


def test_exclusive_removes_the_unlisted_member_by_id_and_never_deletes_a_user(monkeypatch, capsys):
    result, session = run(monkeypatch, capsys, args(('bob', 'viewer'), members_exclusive=True), page([ORG]),
                          page([member('bob', 'viewer'), member('dave', 'dashboards-viewer')]), memberships(), diff=True)
    assert calls(session) == [('GET', ORGS), ('GET', MEMBERS), ('POST', remove('dave'))]
    assert session.calls[2]['json'] == [{'label': 'acme'}]
    assert result['members'][-1] == {'username': 'dave', 'role': 'dashboards-viewer', 'action': 'removed'}
    assert result['undeclared_members'] == [] and result['changed'] is True
    assert result['diff']['before']['members'] == {'bob': 'viewer', 'dave': 'dashboards-viewer'}
    assert result['diff']['after']['members'] == {'bob': 'viewer'}


def test_a_converged_organization_costs_two_reads_and_reports_no_change(monkeypatch, capsys):
    # Usernames match regardless of case, as the API's do.
    result, session = run(monkeypatch, capsys, args(('Bob', 'viewer')), page([ORG]), page([member('bob', 'viewer')]))
    assert calls(session) == [('GET', ORGS), ('GET', MEMBERS)]
    assert result['changed'] is False and result['action'] == 'unchanged'
    assert result['members'] == [{'username': 'bob', 'role': 'viewer', 'action': 'unchanged'}]


def test_an_organization_created_by_the_task_has_no_members_to_read(monkeypatch, capsys):
    result, session = run(monkeypatch, capsys, args(('alice', 'viewer'), ('bob', 'editor'), members_exclusive=True),
                          page([]), page([account_user('alice'), account_user('bob')]), ROLES_PAGE,
                          FakeResponse(201, ORG), memberships(('acme', 'viewer')), memberships(('acme', 'editor')))
    assert calls(session) == [('GET', ORGS), ('GET', USERS), ('GET', ROLES), ('POST', ORGS),
                              ('POST', assign('alice')), ('POST', assign('bob'))]
    assert result['action'] == 'created' and [m['action'] for m in result['members']] == ['added', 'added']


@pytest.mark.parametrize('organization', [[ORG], []])
def test_check_mode_predicts_users_and_roles_an_earlier_task_of_the_run_would_create(monkeypatch, capsys, organization):
    answers = [page(organization)] + ([page([member('bob', 'viewer')])] if organization else [])
    result, session = run(monkeypatch, capsys, args(('new-user', 'new-role'), ('bob', 'viewer')), *answers,
                          check_mode=True, diff=True)
    assert [c[0] for c in calls(session)] == ['GET'] * len(answers)  # no users or roles read, nothing written
    assert result['members'][0] == {'username': 'new-user', 'role': 'new-role', 'action': 'added'}
    assert result['members'][1]['action'] == ('unchanged' if organization else 'added')
    assert result['changed'] is True and result['check_mode'] is True
    assert result['diff']['after']['members']['new-user'] == 'new-role'


@pytest.mark.parametrize('pairs, answers, message', [
    ((('zed', 'viewer'),), [page([account_user('alice')])], 'members: username=zed does not exist. Create the user first'),
    ((('alice', 'nope'),), [page([account_user('alice')]), ROLES_PAGE],
     'members: role=nope (for alice) is not a user role of the account'),
])
def test_an_unknown_user_or_role_is_refused_before_any_write(monkeypatch, capsys, pairs, answers, message):
    for organization in ([ORG], []):  # found (its members read first) or to be created
        listing = [page([member('bob', 'viewer')])] if organization else []
        result, session = run(monkeypatch, capsys, args(*pairs), page(organization), *listing + answers)
        assert result['failed'] is True and message in result['msg']
        assert [c[0] for c in calls(session)] == ['GET'] * len(session.calls)


@pytest.mark.parametrize('members, message', [
    ([{'username': 'alice', 'role': 'viewer'}, {'username': 'ALICE', 'role': 'editor'}],
     'members: username=ALICE is given more than once'),
    ([{'username': 'al ice', 'role': 'viewer'}], "members: username='al ice' is not a valid username"),
    ([{'username': 'testingbot', 'role': 'viewer'}], 'must not start with "testing"'),
    ([{'username': 'alice', 'role': ''}], "members: role='' is not a valid label"),
])
def test_bad_members_are_refused_before_any_request(monkeypatch, capsys, members, message):
    result, session = run(monkeypatch, capsys, {'label': 'acme', 'members': members})
    assert result['failed'] is True and message in result['msg']
    assert session.calls == []


def test_a_lost_answer_to_an_assign_is_confirmed_by_reading_the_members_again(monkeypatch, capsys):
    result, session = run(monkeypatch, capsys, args(('bob', 'editor')), page([ORG]), page([member('bob', 'viewer')]),
                          ROLES_PAGE, FakeResponse(500, {'code': 500001, 'message': 'boom', 'detail': 'boom'}),
                          page([member('bob', 'editor')]))
    assert calls(session)[-2:] == [('POST', assign('bob')), ('GET', MEMBERS)]  # applied: not sent again
    assert result['members'] == [{'username': 'bob', 'role': 'editor', 'action': 'updated'}]


def test_a_failed_write_keeps_what_was_done_and_the_tokens_made_before(monkeypatch, capsys):
    made = {'id': 'f' * 24, 'name': 'gateway', 'key': 'BBFF-' + 'f' * 30, 'apiRole': {'id': '1' * 24, 'label': 'ro'},
            'rateLimit': 4, 'rateLimitWindow': 1, 'createdAt': '2026-11-22T14:05:55.000001Z'}
    arguments = args(('alice', 'viewer'), ('bob', 'editor'), tokens=[{'name': 'gateway', 'role': 'ro'}])
    result, session = run(monkeypatch, capsys, arguments, page([]), page([account_user('alice'), account_user('bob')]),
                          ROLES_PAGE, FakeResponse(201, ORG), page([made['apiRole']]), FakeResponse(201, made),
                          memberships(('acme', 'viewer')),
                          FakeResponse(400, {'code': 400001, 'message': 'invalid', 'detail': {'role': ['Role "editor" does not exist.']}}))
    assert result['failed'] is True and 'member bob not updated' not in result['msg'] and 'member bob not added' in result['msg']
    assert result['members'] == [{'username': 'alice', 'role': 'viewer', 'action': 'added'}]
    assert result['tokens'][0]['key'] == made['key'] and result['changed'] is True
    assert calls(session)[3:6] == [('POST', ORGS), ('GET', API + '/api/v2.0/api_roles/'), ('POST', TOKENS)]


def test_state_absent_ignores_members(monkeypatch, capsys):
    result, session = run(monkeypatch, capsys, args(('alice', 'viewer'), state='absent'), page([ORG]), FakeResponse(204))
    assert calls(session) == [('GET', ORGS), ('DELETE', ORGS + 'd' * 24 + '/')]
    assert result['action'] == 'deleted' and 'members' not in result


# --- known_users, known_user_roles: what the users and user roles tasks returned, handed over ------------------------
def user_result(username, action='created'):
    """An entry as ubidots_user returns it (snake_case, with its action)."""
    return dict(account_user(username), is_active=True, action=action)


def role_result(label):
    return dict(role(label), permissions={'devices': ['read']}, action='unchanged')


def test_users_and_user_roles_handed_over_spare_both_reads(monkeypatch, capsys):
    handed = dict(known_users=[user_result('alice'), user_result('bob', 'unchanged')],
                  known_user_roles=[role_result('viewer'), role_result('editor')])
    result, session = run(monkeypatch, capsys, args(('alice', 'viewer'), ('bob', 'editor'), **handed),
                          page([]), FakeResponse(201, ORG), memberships(('acme', 'viewer')), memberships(('acme', 'editor')))
    assert calls(session) == [('GET', ORGS), ('POST', ORGS), ('POST', assign('alice')), ('POST', assign('bob'))]
    assert [m['action'] for m in result['members']] == ['added', 'added']


def test_a_member_the_handed_over_users_lack_is_read_and_a_predicted_user_is_not_trusted(monkeypatch, capsys):
    predicted = dict(user_result('bob'), id='(known after apply)')
    handed = dict(known_users=[user_result('alice'), predicted], known_user_roles=[role_result('viewer')])
    result, session = run(monkeypatch, capsys, args(('alice', 'viewer'), ('bob', 'viewer'), **handed),
                          page([ORG]), page([]), page([account_user('alice'), account_user('bob')]),
                          memberships(('acme', 'viewer')), memberships(('acme', 'viewer')))
    assert calls(session) == [('GET', ORGS), ('GET', MEMBERS), ('GET', USERS), ('POST', assign('alice')),
                              ('POST', assign('bob'))]
    assert result['changed'] is True


def test_a_handed_over_user_without_username_or_id_fails_before_any_request(monkeypatch, capsys):
    result, session = run(monkeypatch, capsys, args(('alice', 'viewer'), known_users=[{'email': 'a@acme.example'}]))
    assert session.calls == [] and result['failed'] is True
    assert "known_users[0] names nothing (it has neither username nor id): ['email']." in result['msg']
