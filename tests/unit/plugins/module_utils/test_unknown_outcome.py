# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A write whose outcome is unknown (a lost answer, a timeout, a 500), decided by the engine from one re-read of the
scope it wrote, for every kind of resource: created, updated, deleted, or a clear failure when the read cannot tell.

The client here is the real one over a fake session, on a fake clock (waits are recorded, not slept).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

import pytest
import requests

from ansible_collections.ubidots.cloud.plugins.module_utils import contract, engine
from ansible_collections.ubidots.cloud.plugins.module_utils.api_roles import OrgRole
from ansible_collections.ubidots.cloud.plugins.module_utils.client import Client, RetryPolicy
from ansible_collections.ubidots.cloud.plugins.module_utils.tokens import OrgToken
from ansible_collections.ubidots.cloud.plugins.module_utils.user_roles import UserRole
from ansible_collections.ubidots.cloud.plugins.module_utils.users import User
from ansible_collections.ubidots.cloud.plugins.modules.ubidots_organization import Organization
from ansible_collections.ubidots.cloud.tests.unit.plugins.module_utils.fakes import (
    FakeClock, FakeResponse, FakeSession, error_body, fake_task, page)

API = 'https://api.example.test'
V2 = API + '/api/v2.0/'
ORGS, ROLES, USER_ROLES, USERS = V2 + 'organizations/', V2 + 'api_roles/', V2 + 'roles/', V2 + 'users/'
TOKENS = ORGS + '~acme/tokens/'
ORG = {'id': 'd' * 24, 'label': 'acme', 'name': 'Acme', 'description': 'old', 'properties': {}, 'isActive': True,
       'app': None, 'favicon': None, 'logo': None, 'createdAt': '2026-11-22T14:05:55.471155Z'}
ROLE = {'id': 'c' * 24, 'label': 'read-only', 'name': 'Read only', 'description': '', 'url': ROLES + 'c' * 24,
        'permissions': [contract.permission_read_form('view_value')]}
USER_ROLE = {'label': 'support', 'name': 'Support', 'description': 'old', 'url': USER_ROLES + 'support',
             'permissions': [contract.user_permission_read_form('view_dashboard')]}
KEY = 'BBFF-' + 'k' * 30
LOST = requests.exceptions.ConnectionError('connection closed')
LATE = requests.exceptions.ReadTimeout('no answer in time')


def failed(status):
    return FakeResponse(status, error_body(status, 'Server error'))


def reconcile(definition, given, *answers, **retry):
    """(result or Failure, session, clock) of ``definition`` run with options ``given`` over ``answers``."""
    clock = FakeClock()
    client = Client(API, 'BBFF-' + 'a' * 30, sleep=clock.sleep, clock=clock.time,
                    retry=RetryPolicy(rand=lambda: 0.0, **retry))
    client.session = FakeSession(*answers)
    spec = definition.module_spec()['argument_spec']
    params = dict((name, option.get('default')) for name, option in spec.items())
    params.update(given)
    try:
        outcome = definition.execute(fake_task(params, client))
    except engine.Failure as failure:
        outcome = failure
    assert client.session.answers == [], 'answers left unused: the run sent fewer requests than the test expects'
    return outcome, client.session, clock


def calls(session):
    return [(c['method'], c['url']) for c in session.calls]


# --- organizations (the generic resource) ------------------------------------------------------------------------
def test_a_lost_creation_is_found_by_one_read_of_its_scope_and_not_sent_again():
    result, session, clock = reconcile(Organization, {'label': 'acme', 'name': 'Acme'}, page([]), LOST, page([ORG]))
    assert calls(session) == [('GET', ORGS), ('POST', ORGS), ('GET', ORGS)]
    assert result['action'] == 'created' and result['organization']['id'] == ORG['id']
    assert clock.sleeps == []


def test_a_creation_the_read_does_not_show_is_sent_again():
    result, session, clock = reconcile(Organization, {'label': 'acme', 'name': 'Acme'},
                                       page([]), failed(500), page([]), FakeResponse(201, ORG))
    assert calls(session) == [('GET', ORGS), ('POST', ORGS), ('GET', ORGS), ('POST', ORGS)]
    assert result['action'] == 'created' and clock.sleeps == [0.5]


def test_a_creation_without_an_answer_in_time_is_read_for_until_it_shows_never_sent_again():
    """Found by tests/reliability (slow faults): the server applied the POST after our timeout and after our read."""
    result, session, clock = reconcile(Organization, {'label': 'acme'}, page([]), LATE, page([]), page([]), page([ORG]))
    assert [c[0] for c in calls(session)] == ['GET', 'POST', 'GET', 'GET', 'GET']
    assert result['action'] == 'created' and clock.sleeps == [0.5, 1.0]


def test_a_late_creation_that_never_shows_fails_saying_the_outcome_is_unknown():
    outcome, session, dummy = reconcile(Organization, {'label': 'acme'}, page([]), LATE, page([]), page([]), attempts=2)
    assert isinstance(outcome, engine.Failure)
    assert [c[0] for c in calls(session)] == ['GET', 'POST', 'GET', 'GET']
    assert outcome.msg.startswith('organization "acme": POST /api/v2.0/organizations/ failed (no answer within 30.0s): '
                                  'whether the server applied it is unknown, so it was not sent again.')
    assert 'the server may still apply it' in outcome.msg
    assert outcome.msg.endswith('Check organization "acme" on the server, then run the task again.')


@pytest.mark.parametrize('shown, patches', [('new', 1), ('old', 2)], ids=['took-effect', 'did-not'])
def test_an_update_of_unknown_outcome_is_compared_with_a_read_of_its_scope(shown, patches):
    answers = [page([ORG]), failed(504), page([dict(ORG, description=shown)])]
    if patches == 2:
        answers.append(FakeResponse(200, dict(ORG, description='new')))
    result, session, dummy = reconcile(Organization, {'label': 'acme', 'description': 'new'}, *answers)
    assert [c[0] for c in calls(session)].count('PATCH') == patches
    assert calls(session)[2] == ('GET', ORGS)
    assert result['action'] == 'updated' and result['organization']['description'] == 'new'


def test_an_upload_of_unknown_outcome_is_sent_again_unread(tmp_path):
    logo = tmp_path / 'logo.png'
    logo.write_bytes(b'\x89PNG\r\n\x1a\n' + b'pixels')
    uploaded = dict(ORG, logo={'h36': 'a', 'h50': 'b', 'raw': 'https://cdn/logo'})
    result, session, dummy = reconcile(Organization, {'label': 'acme', 'logo': str(logo)},
                                       page([ORG]), LOST, FakeResponse(200, uploaded), FakeResponse(200, text='pixels'))
    assert [c[0] for c in calls(session)] == ['GET', 'PATCH', 'PATCH', 'GET']  # the last: the diff reads the new logo
    assert result['action'] == 'updated'


def test_a_lost_deletion_is_decided_by_the_read():
    result, session, dummy = reconcile(Organization, {'label': 'acme', 'state': 'absent'}, page([ORG]), LOST, page([]))
    assert calls(session) == [('GET', ORGS), ('DELETE', ORGS + ORG['id'] + '/'), ('GET', ORGS)]
    assert result['action'] == 'deleted'


def test_an_update_whose_object_is_gone_from_the_read_fails_saying_what_to_check():
    outcome, session, dummy = reconcile(Organization, {'label': 'acme', 'description': 'new'}, page([ORG]), LOST, page([]))
    assert isinstance(outcome, engine.Failure)
    assert 'PATCH /api/v2.0/organizations/%s/ failed (connection failed (ConnectionError))' % ORG['id'] in outcome.msg
    assert outcome.msg.endswith('A re-read cannot tell whether it took effect. Check organization "acme" on the server, '
                                'then run the task again.')
    assert [c[0] for c in calls(session)] == ['GET', 'PATCH', 'GET']


def test_a_failed_re_read_says_both_what_was_sent_and_what_failed():
    answers = [page([ORG]), LOST] + [failed(503)] * 3
    outcome, session, dummy = reconcile(Organization, {'label': 'acme', 'state': 'absent'}, *answers, attempts=3)
    assert isinstance(outcome, engine.Failure)
    assert 'DELETE /api/v2.0/organizations/%s/ failed' % ORG['id'] in outcome.msg
    assert 'Reading whether it took effect failed too: GET /api/v2.0/organizations/?page_size=1000 failed after 3 attempts' \
        in outcome.msg


# --- API roles, user roles (addressed by label) --------------------------------------------------------------------
def test_a_lost_api_role_creation_is_found_by_the_read():
    given = {'label': 'read-only', 'name': 'Read only', 'permissions': {'values': ['read']}}
    result, session, dummy = reconcile(OrgRole, given, page([]), LOST, page([ROLE]))
    assert calls(session) == [('GET', ROLES), ('POST', ROLES), ('GET', ROLES)]
    assert result['action'] == 'created' and result['role']['id'] == ROLE['id']


def test_a_user_role_update_of_unknown_outcome_is_compared_by_label():
    result, session, dummy = reconcile(UserRole, {'label': 'support', 'description': 'new'},
                                       page([USER_ROLE]), failed(500), page([dict(USER_ROLE, description='new')]))
    assert calls(session) == [('GET', USER_ROLES), ('PATCH', USER_ROLES + 'support/'), ('GET', USER_ROLES)]
    assert result['action'] == 'updated' and result['role']['description'] == 'new'


# --- tokens: a key only the creation's answer holds ----------------------------------------------------------------
def token(token_id, key=None):
    obj = {'id': token_id, 'name': 'gateway', 'apiRole': ROLE, 'rateLimit': 4, 'rateLimitWindow': 1,
           'organization': {'id': ORG['id'], 'label': 'acme'}, 'createdAt': '2026-11-22T14:05:55.471155Z'}
    if key:
        obj['key'] = key
    return obj


TOKEN_ARGS = {'organization': 'acme', 'name': 'gateway', 'role': 'read-only'}


def test_a_lost_token_creation_whose_key_the_read_shows_keeps_that_token_and_settles_races_from_that_read():
    result, session, dummy = reconcile(OrgToken, TOKEN_ARGS, page([]), page([ROLE]), LOST,
                                       page([token('e' * 24, KEY), token('d' * 24)]), FakeResponse(204))
    assert calls(session) == [('GET', TOKENS), ('GET', ROLES), ('POST', TOKENS), ('GET', TOKENS),
                              ('DELETE', TOKENS + 'e' * 24 + '/')]  # the other run's older copy stays; no second read
    assert result['action'] == 'created' and result['token']['id'] == 'd' * 24


def test_a_lost_token_creation_whose_key_no_read_shows_is_deleted_and_made_again():
    """No duplicate, no lost key: the token the lost answer made is deleted (a lost answer to that deletion is decided
    by a read as well) and the creation sent again hands out a key this run holds."""
    new = token('f' * 24, KEY)
    result, session, dummy = reconcile(
        OrgToken, TOKEN_ARGS,
        page([]), page([ROLE]),
        LOST, page([token('e' * 24)]),       # made, its key not shown again
        LOST, page([]),                      # its deletion, answer lost too: gone
        FakeResponse(201, new), page([new]))  # made again; no other run made one meanwhile
    assert calls(session) == [('GET', TOKENS), ('GET', ROLES), ('POST', TOKENS), ('GET', TOKENS),
                              ('DELETE', TOKENS + 'e' * 24 + '/'), ('GET', TOKENS), ('POST', TOKENS), ('GET', TOKENS)]
    assert result['action'] == 'created' and result['token']['id'] == 'f' * 24 and result['token']['key'] == KEY


def test_a_late_token_creation_whose_key_is_lost_is_made_again_not_awaited():
    """A timed-out POST that the read shows without its key is no longer in flight once deleted: sent again at once."""
    new = token('f' * 24, KEY)
    result, session, clock = reconcile(OrgToken, TOKEN_ARGS, page([]), page([ROLE]), LATE, page([token('e' * 24)]),
                                       FakeResponse(204), FakeResponse(201, new), page([new]))
    assert [c[0] for c in calls(session)] == ['GET', 'GET', 'POST', 'GET', 'DELETE', 'POST', 'GET']
    assert result['token']['key'] == KEY and clock.sleeps == [0.5]


def test_a_regeneration_of_unknown_outcome_does_not_take_the_old_token_for_the_new_one():
    old, new = token('a' * 24, KEY), token('f' * 24, 'BBFF-' + 'n' * 30)
    result, session, dummy = reconcile(OrgToken, dict(TOKEN_ARGS, role=None, regenerate=True),
                                       page([old]), page([ROLE]), LOST, page([old, new]), FakeResponse(204))
    assert [c[0] for c in calls(session)] == ['GET', 'GET', 'POST', 'GET', 'DELETE']
    assert calls(session)[-1] == ('DELETE', TOKENS + 'a' * 24 + '/')
    assert result['action'] == 'regenerated' and result['token']['id'] == 'f' * 24


# --- users and their memberships -----------------------------------------------------------------------------------
def user(memberships=()):
    return {'id': 'e' * 24, 'username': 'alice', 'email': 'alice@example.com', 'firstName': '', 'lastName': '',
            'isActive': True, 'tags': [], 'properties': {}, 'defaultOrganization': None,
            'organizations': [{'id': ORG['id'], 'label': org, 'role': {'label': role}} for org, role in memberships]}


ALICE = {'username': 'alice', 'email': 'alice@example.com', 'password': 'correct-horse-battery'}
MEMBER = {'organizations': [{'organization': 'acme', 'role': 'viewer'}]}
REFERENCES = (page([ORG]), page([{'label': 'viewer', 'name': 'Viewer'}]))
ASSIGN = USERS + 'e' * 24 + '/_/assign_organizations/'


def test_a_lost_user_creation_is_found_by_the_read_and_the_password_never_shows():
    result, session, dummy = reconcile(User, ALICE, page([]), LOST, page([user()]))
    assert calls(session) == [('GET', USERS), ('POST', USERS), ('GET', USERS)]
    assert session.calls[2]['params']['fields'].endswith(',organizations')
    assert result['action'] == 'created' and result['user']['id'] == 'e' * 24
    assert ALICE['password'] not in json.dumps(result)


def test_a_password_write_of_unknown_outcome_is_sent_again_unread():
    result, session, dummy = reconcile(User, dict(ALICE, update_password='always'), page([user()]), LOST,
                                       FakeResponse(200, user()))
    assert [c[0] for c in calls(session)] == ['GET', 'PATCH', 'PATCH']
    assert result['action'] == 'updated'


@pytest.mark.parametrize('shown, assigns', [([('acme', 'viewer')], 1), ([], 2)], ids=['took-effect', 'did-not'])
def test_a_membership_assignment_of_unknown_outcome_is_decided_by_a_read_of_the_users(shown, assigns):
    answers = [page([user()])] + list(REFERENCES) + [failed(500), page([user(shown)])]
    if assigns == 2:
        answers.append(FakeResponse(200, {'results': user([('acme', 'viewer')])['organizations']}))
    result, session, dummy = reconcile(User, dict(MEMBER, username='alice'), *answers)
    assert calls(session).count(('POST', ASSIGN)) == assigns
    assert calls(session)[4] == ('GET', USERS)
    assert result['memberships'] == {'added': ['acme'], 'changed': [], 'removed': []}
    assert result['user']['organizations'] == [{'organization': 'acme', 'role': 'viewer'}]


def test_a_lost_membership_removal_is_decided_by_the_read():
    given = {'username': 'alice', 'organizations': [], 'organizations_exclusive': True}
    result, session, dummy = reconcile(User, given, page([user([('acme', 'viewer')])]), LOST, page([user()]))
    assert calls(session) == [('GET', USERS), ('POST', USERS + 'e' * 24 + '/_/remove_organizations/'), ('GET', USERS)]
    assert result['memberships'] == {'added': [], 'changed': [], 'removed': ['acme']}
