# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Section 9 of the contract: organization memberships, the invitation record, and their cascades."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

import pytest
import requests

USERS = '/api/v2.0/users/'
ORGS = '/api/v2.0/organizations/'
ROLES = '/api/v2.0/roles/'
TIMESTAMP = re.compile(r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$')
NOT_FOUND = {'code': 404001, 'message': 'Not found.', 'detail': 'Not found.'}
INVITATION = {'subject': 'Welcome', 'message': 'Join us', 'ubiAppId': '5dfa39901a9ca53020c6938d', 'expires': 7, 'resetPassword': True}


def validation(detail):
    return {'code': 400001, 'message': 'Validation Error.', 'detail': detail}


def assign_path(key):
    return USERS + key + '/_/assign_organizations/'


def remove_path(key):
    return USERS + key + '/_/remove_organizations/'


def pairs(envelope):
    """(organization label, role label) of every membership in a list envelope."""
    return [(item['label'], item['role']['label']) for item in envelope['results']]


def membership(api, org, role):
    return {'id': org['id'], 'url': org['url'], 'label': org['label'], 'name': org['name'], 'createdAt': org['createdAt'],
            'role': {'label': role['label'], 'name': role['name'], 'url': role['url'], 'createdAt': role['createdAt']}}


def users_count(api, org_key):
    org = api.get(ORGS + org_key).json()
    users_limit = [limit for limit in org['limits'] if limit['type'] == 'users'][0]
    assert users_limit == {'type': 'users', 'name': 'Users', 'icon': 'users', 'actual_value': org['usersCount'], 'max_value': '*'}
    return org['usersCount']


@pytest.fixture
def setup(api):
    """Organizations beta, Alpha and acme (created in that order), a custom role `ops` and user alice."""
    orgs = dict((label, api.create_org(label, name=label.upper())) for label in ('beta', 'Alpha', 'acme'))
    return {'orgs': orgs, 'ops': api.create_user_role('Ops', ['view_device']), 'viewer': api.get(ROLES + 'viewer').json(),
            'alice': api.create_user('alice')}


def test_assign_answers_every_membership_ordered_by_label(api, setup):
    orgs, ops, viewer = setup['orgs'], setup['ops'], setup['viewer']
    response = api.post(assign_path('~alice'), json=[{'label': 'beta', 'role': 'ops'}, {'label': 'acme', 'role': 'viewer'}])
    assert response.status_code == 200
    assert response.json() == {'count': 2, 'next': None, 'previous': None,
                               'results': [membership(api, orgs['acme'], viewer), membership(api, orgs['beta'], ops)]}
    again = api.assign(setup['alice']['id'], ('Alpha', 'dashboards-viewer'))
    assert pairs(again) == [('Alpha', 'dashboards-viewer'), ('acme', 'viewer'), ('beta', 'ops')]
    assert TIMESTAMP.match(again['results'][0]['role']['createdAt'])


def test_same_role_changes_nothing_and_another_role_replaces_it(api, setup):
    api.assign('~alice', ('acme', 'ops'))
    assert pairs(api.assign('~alice', ('acme', 'ops'))) == [('acme', 'ops')]
    assert users_count(api, '~acme') == 1
    assert pairs(api.assign('~ALICE', ('acme', 'viewer'))) == [('acme', 'viewer')]
    assert users_count(api, '~acme') == 1
    users = api.get(ORGS + '~acme/users/').json()['results']
    assert [(user['username'], user['role']['label']) for user in users] == [('alice', 'viewer')]


def test_an_empty_array_changes_nothing(api, setup):
    api.assign('~alice', ('acme', 'ops'))
    for path in (assign_path('~alice'), remove_path('~alice')):
        response = api.post(path, json=[])
        assert (response.status_code, pairs(response.json())) == (200, [('acme', 'ops')])


@pytest.mark.parametrize('data,message', [
    ('{"label": "acme", "role": "ops"}', 'Invalid data. Expected a list, but got dict.'),
    ('"acme"', 'Invalid data. Expected a list, but got str.'),
    ('null', 'Invalid data. Expected a list, but got NoneType.'),
    ('', 'Invalid data. Expected a list, but got NoneType.'),
    ('[{"label": "acme"', 'JSON parse error.'),
])
def test_a_body_that_is_not_an_array(api, setup, data, message):
    for path in (assign_path('~alice'), remove_path('~alice')):
        response = api.post(path, data=data, headers={'Content-Type': 'application/json'})
        assert response.status_code == 400
        assert response.json() == validation({'non_field_errors': [message]})


@pytest.mark.parametrize('body,detail', [
    ([{'label': 'ghost', 'role': 'ops'}], {'label': ['Organization "ghost" does not exist.']}),
    ([{'label': 'acme', 'role': 'ghost'}], {'role': ['Role "ghost" does not exist.']}),
    ([{'label': 'acme', 'role': 'ops'}, {'label': 'ghost', 'role': 'viewer'}], {'label': ['Organization "ghost" does not exist.']}),
    ([{'label': 'beta', 'role': 'ops'}, {'label': 'acme', 'role': 'nope'}], {'role': ['Role "nope" does not exist.']}),
    ([{'label': 'ACME', 'role': 'ops'}], {'label': ['Organization "ACME" does not exist.']}),  # labels are case-sensitive
    ([{'label': '~acme', 'role': 'ops'}], {'label': ['Organization "~acme" does not exist.']}),  # a plain label, not a key
    ([{'label': 'acme', 'role': 'Viewer'}], {'role': ['Role "Viewer" does not exist.']}),
    ([{'label': 'x', 'role': 'ops'}, {'label': 'x', 'role': 'y'}],
     {'label': ['Organization "x" does not exist.'], 'role': ['Role "y" does not exist.']}),
    ([{'role': 'ops'}], {'label': ['This field is required.']}),
    ([{'label': 'acme'}], {'role': ['This field is required.']}),
    ([{'label': None, 'role': 3}], {'label': ['This field may not be null.'], 'role': ['Not a valid string.']}),
    ([{'label': 'acme', 'role': 'ops'}, 'beta'], {'non_field_errors': ['Invalid data. Expected a dictionary, but got str.']}),
    ([{'label': 'acme', 'role': 'ops', 'invitation': 'yes'}], {'invitation': ['Expected a dictionary of items but got type "str".']}),
])
def test_assign_is_all_or_nothing(api, setup, control, body, detail):
    api.assign('~alice', ('Alpha', 'viewer'))
    response = api.post(assign_path('~alice'), json=body)
    assert response.status_code == 400
    assert response.json() == validation(detail)
    assert pairs(api.post(assign_path('~alice'), json=[]).json()) == [('Alpha', 'viewer')]
    assert users_count(api, '~acme') == 0


def test_an_api_role_is_not_a_user_role(api, setup):
    api.create_role('Fleet')
    response = api.post(assign_path('~alice'), json=[{'label': 'acme', 'role': 'fleet'}])
    assert response.json() == validation({'role': ['Role "fleet" does not exist.']})


def test_unknown_user_is_404(api, setup):
    for path in (assign_path('~bob'), remove_path('~bob'), assign_path('0123456789abcdef01234567')):
        response = api.post(path, json=[{'label': 'acme', 'role': 'ops'}])
        assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_only_post_on_the_action_paths(api, setup):
    for method in ('GET', 'PUT', 'PATCH', 'DELETE'):
        response = api.request(method, assign_path('~alice'), json=[])
        assert response.status_code == 405
        assert response.json()['message'] == 'Method "%s" not allowed.' % method


def test_remove_answers_what_is_left(api, setup):
    api.assign('~alice', ('acme', 'ops'), ('beta', 'viewer'), ('Alpha', 'ops'))
    response = api.post(remove_path(setup['alice']['id']), json=[{'label': 'beta', 'role': 'whatever'}, {'label': 'acme'}])
    assert response.status_code == 200
    assert response.json() == {'count': 1, 'next': None, 'previous': None,
                               'results': [membership(api, setup['orgs']['Alpha'], setup['ops'])]}
    assert users_count(api, '~acme') == users_count(api, '~beta') == 0
    # Not a member: ignored.
    assert pairs(api.post(remove_path('~alice'), json=[{'label': 'acme'}]).json()) == [('Alpha', 'ops')]


@pytest.mark.parametrize('body,detail', [
    ([{'label': 'Alpha'}, {'label': 'ghost'}], {'label': ['Organization "ghost" does not exist.']}),
    ([{'role': 'ops'}], {'label': ['This field is required.']}),
    ([7], {'non_field_errors': ['Invalid data. Expected a dictionary, but got int.']}),
])
def test_remove_is_all_or_nothing(api, setup, body, detail):
    api.assign('~alice', ('Alpha', 'ops'))
    response = api.post(remove_path('~alice'), json=body)
    assert response.status_code == 400
    assert response.json() == validation(detail)
    assert users_count(api, '~Alpha') == 1


def test_membership_answers_are_paginated(api, setup):
    api.assign('~alice', ('acme', 'ops'), ('beta', 'ops'), ('Alpha', 'ops'))
    response = api.post(assign_path('~alice') + '?page_size=2&page=2', json=[])
    body = response.json()
    assert (body['count'], pairs(body)) == (3, [('beta', 'ops')])
    assert body['previous'] == api.base_url + assign_path('~alice') + '?page_size=2&page=1'
    assert body['next'] is None


def test_users_count_and_the_users_limit(api, setup):
    bob = api.create_user('bob')
    api.assign('~alice', ('acme', 'ops'), ('beta', 'viewer'))
    api.assign('~bob', ('acme', 'viewer'))
    assert (users_count(api, '~acme'), users_count(api, '~beta'), users_count(api, '~Alpha')) == (2, 1, 0)
    listed = dict((org['label'], org['usersCount']) for org in api.get(ORGS).json()['results'])
    assert listed == {'acme': 2, 'beta': 1, 'Alpha': 0}
    assert api.delete(USERS + bob['id']).status_code == 204
    assert users_count(api, '~acme') == 1


def test_organization_users_list(api, setup):
    bob = api.create_user('bob', email='bob@example.com')
    api.create_user('carol')
    api.assign('~bob', ('acme', 'viewer'))
    api.assign('~alice', ('acme', 'ops'), ('beta', 'viewer'))
    response = api.get(ORGS + setup['orgs']['acme']['id'] + '/users/')
    assert response.status_code == 200
    assert response.json() == {'count': 2, 'next': None, 'previous': None, 'results': [
        {'id': bob['id'], 'url': api.base_url + USERS + bob['id'], 'username': 'bob', 'email': 'bob@example.com',
         'role': {'label': 'viewer', 'name': 'Viewer', 'url': api.base_url + ROLES + 'viewer'}},
        {'id': setup['alice']['id'], 'url': setup['alice']['url'], 'username': 'alice', 'email': 'alice@example.com',
         'role': {'label': 'ops', 'name': 'Ops', 'url': api.base_url + ROLES + 'ops'}},
    ]}
    first = api.get(ORGS + '~acme/users?page_size=1&fields=username').json()
    assert (first['count'], first['results']) == (2, [{'username': 'bob'}])
    assert first['next'] == api.base_url + ORGS + '~acme/users?page_size=1&fields=username&page=2'
    assert api.get(ORGS + '~acme/users?page_size=1&page=3').status_code == 404
    assert api.get(ORGS + '~Alpha/users/').json()['count'] == 0
    assert (api.get(ORGS + '~ghost/users/').status_code, api.get(ORGS + '~ghost/users/').json()) == (404, NOT_FOUND)


def test_user_organizations_only_on_demand(api, setup):
    api.assign('~alice', ('beta', 'ops'), ('acme', 'viewer'))
    expected = [membership(api, setup['orgs']['acme'], setup['viewer']), membership(api, setup['orgs']['beta'], setup['ops'])]
    assert 'organizations' not in api.get(USERS + '~alice').json()
    assert 'organizations' not in api.get(USERS).json()['results'][0]
    detail = api.get(USERS + '~alice?fields=username,organizations').json()
    assert detail == {'username': 'alice', 'organizations': expected}
    listed = api.get(USERS + '?fields=id,organizations').json()['results']
    assert listed == [{'id': setup['alice']['id'], 'organizations': expected}]
    assert api.create_user('bob')['username'] == 'bob'
    assert api.get(USERS + '~bob?fields=organizations').json() == {'organizations': []}


def test_a_role_change_shows_everywhere(api, setup):
    api.assign('~alice', ('acme', 'ops'))
    assert api.patch(ROLES + 'ops', json={'name': 'Operators'}).status_code == 200
    assert api.get(USERS + '~alice?fields=organizations').json()['organizations'][0]['role']['name'] == 'Operators'
    assert api.get(ORGS + '~acme/users/').json()['results'][0]['role']['name'] == 'Operators'


def test_default_organization_must_be_a_membership_and_ends_with_it(api, setup):
    acme = setup['orgs']['acme']
    refused = api.patch(USERS + '~alice', json={'defaultOrganization': '~acme'})
    assert refused.status_code == 400
    assert refused.json() == validation({'defaultOrganization': ['The user is not a member of organization "~acme".']})
    api.assign('~alice', ('acme', 'ops'), ('beta', 'ops'))
    reference = {'id': acme['id'], 'label': 'acme', 'name': 'ACME', 'url': acme['url']}
    assert api.patch(USERS + '~alice', json={'defaultOrganization': '~acme'}).json()['defaultOrganization'] == reference
    assert api.patch(USERS + '~alice', json={'defaultOrganization': acme['id']}).json()['defaultOrganization'] == reference
    assert api.get(USERS + '~alice').json()['defaultOrganization'] == reference
    # A role change keeps the membership, so the default stays.
    api.assign('~alice', ('acme', 'viewer'))
    assert api.get(USERS + '~alice').json()['defaultOrganization'] == reference
    # Ending another membership keeps it; ending this one clears it.
    api.post(remove_path('~alice'), json=[{'label': 'beta'}])
    assert api.get(USERS + '~alice').json()['defaultOrganization'] == reference
    api.post(remove_path('~alice'), json=[{'label': 'acme'}])
    assert api.get(USERS + '~alice').json()['defaultOrganization'] is None
    # null is always accepted.
    api.assign('~alice', ('beta', 'ops'))
    api.patch(USERS + '~alice', json={'defaultOrganization': '~beta'})
    assert api.patch(USERS + '~alice', json={'defaultOrganization': None}).json()['defaultOrganization'] is None


def test_deleting_an_organization_ends_its_memberships(api, setup):
    bob = api.create_user('bob')
    api.assign('~alice', ('acme', 'ops'), ('beta', 'ops'))
    api.assign('~bob', ('acme', 'viewer'))
    api.patch(USERS + '~alice', json={'defaultOrganization': '~acme'})
    api.patch(USERS + '~bob', json={'defaultOrganization': '~acme'})
    assert api.delete(ORGS + '~acme').status_code == 204
    alice = api.get(USERS + '~alice?fields=defaultOrganization,organizations').json()
    assert alice['defaultOrganization'] is None and [item['label'] for item in alice['organizations']] == ['beta']
    assert api.get(USERS + bob['id'] + '?fields=defaultOrganization,organizations').json() == {'defaultOrganization': None, 'organizations': []}
    # A new organization with the same label starts without members.
    api.create_org('acme')
    assert users_count(api, '~acme') == 0 and api.get(ORGS + '~acme/users/').json()['count'] == 0
    # Alice still holds `ops` in beta, so the role stays in use.
    assert api.delete(ROLES + 'ops').json() == validation({'non_field_errors': ['This role is in use by 1 users.']})


def test_deleting_a_user_ends_its_memberships(api, setup):
    api.assign('~alice', ('acme', 'ops'), ('beta', 'ops'))
    assert api.delete(USERS + '~alice').status_code == 204
    assert users_count(api, '~acme') == users_count(api, '~beta') == 0
    assert api.get(ORGS + '~acme/users/').json()['count'] == 0
    assert api.delete(ROLES + 'ops').status_code == 204


def test_a_role_in_use_counts_distinct_users(api, setup):
    api.create_user('bob')
    api.assign('~alice', ('acme', 'ops'), ('beta', 'ops'))
    in_use = api.delete(ROLES + 'ops')
    assert in_use.status_code == 400
    assert in_use.json() == validation({'non_field_errors': ['This role is in use by 1 users.']})
    api.assign('~bob', ('Alpha', 'ops'))
    assert api.delete(ROLES + 'ops').json() == validation({'non_field_errors': ['This role is in use by 2 users.']})
    # Editing a role in use is allowed.
    assert api.patch(ROLES + 'ops', json={'permissions': ['view_report']}).status_code == 200
    api.assign('~alice', ('acme', 'viewer'), ('beta', 'viewer'))
    api.post(remove_path('~bob'), json=[{'label': 'Alpha'}])
    assert api.delete(ROLES + 'ops').status_code == 204


def test_invitations_are_recorded_once_per_new_membership(api, account, setup, control):
    assert control.invitations(account=account['account']) == {'count': 0, 'invitations': []}
    alice = setup['alice']
    response = api.post(assign_path('~alice'), json=[{'label': 'beta', 'role': 'ops', 'invitation': INVITATION},
                                                     {'label': 'acme', 'role': 'viewer'}])
    assert response.status_code == 200
    # Same role again, a role change and an already-existing membership: no e-mail.
    api.assign('~alice', ('beta', 'ops'), invitation=INVITATION)
    api.assign('~alice', ('beta', 'viewer'), invitation=INVITATION)
    api.assign('~alice', ('acme', 'ops'), invitation=INVITATION)
    # A membership made anew after a removal is new again; a partial invitation has nulls for the rest.
    api.post(remove_path('~alice'), json=[{'label': 'acme'}])
    api.assign('~alice', ('acme', 'dashboards-viewer'), invitation={'subject': 'Again'})
    api.assign('~alice', ('Alpha', 'viewer'), invitation=None)
    record = control.invitations(account=account['account'])
    assert record['count'] == 2
    first, second = record['invitations']
    assert list(first) == ['user', 'organization', 'role', 'subject', 'message', 'ubiAppId', 'expires', 'resetPassword', 'createdAt']
    assert first == dict(INVITATION, user={'id': alice['id'], 'username': 'alice', 'email': 'alice@example.com'},
                         organization={'id': setup['orgs']['beta']['id'], 'label': 'beta'}, role='ops', createdAt=first['createdAt'])
    assert second == {'user': first['user'], 'organization': {'id': setup['orgs']['acme']['id'], 'label': 'acme'}, 'role': 'dashboards-viewer',
                      'subject': 'Again', 'message': None, 'ubiAppId': None, 'expires': None, 'resetPassword': None,
                      'createdAt': second['createdAt']}
    assert TIMESTAMP.match(first['createdAt']) and first['createdAt'] < second['createdAt']


def test_a_refused_assignment_records_no_invitation(api, account, setup, control):
    response = api.post(assign_path('~alice'), json=[{'label': 'acme', 'role': 'ops', 'invitation': INVITATION},
                                                     {'label': 'ghost', 'role': 'ops', 'invitation': INVITATION}])
    assert response.status_code == 400
    assert control.invitations(account=account['account'])['count'] == 0


def test_invitation_record_is_per_account_and_chosen_by_id_or_token(api, other_api, account, setup, control, server):
    api.assign('~alice', ('acme', 'ops'), invitation=INVITATION)
    other_api.create_org('acme')
    other_api.create_user('zed')
    other_api.assign('~zed', ('acme', 'viewer'), invitation={'subject': 'Other'})
    mine = control.invitations(account=account['account'])
    assert [entry['user']['username'] for entry in mine['invitations']] == ['alice']
    assert control.invitations(token=api.token) == mine
    by_header = requests.get(control.url('invitations'), headers={'X-Auth-Token': api.token}, timeout=10)
    assert (by_header.status_code, by_header.json()) == (200, mine)
    theirs = control.invitations(token=other_api.token)
    assert [(entry['user']['username'], entry['subject']) for entry in theirs['invitations']] == [('zed', 'Other')]
    # The record is never in the request log, and an org token does not name an account.
    assert not any('invitations' in entry['path'] for entry in control.requests()['requests'])
    key = api.create_token('~acme', api.create_role('r')['id'])['key']
    for params in ({'account': '0' * 24}, {'token': 'BBFF-' + 'x' * 30}, {'token': key}):
        response = requests.get(control.url('invitations'), params=params, timeout=10)
        assert (response.status_code, response.json()) == (404, NOT_FOUND)
    missing = requests.get(control.url('invitations'), timeout=10)
    assert missing.status_code == 400
    assert missing.json() == validation({'non_field_errors': ['Name the account: ?account=<account id>, or its token in X-Auth-Token or ?token=.']})


def test_the_record_outlives_the_objects_but_not_a_reset(api, account, setup, control):
    api.assign('~alice', ('acme', 'ops'), invitation=INVITATION)
    api.delete(USERS + '~alice')
    api.delete(ORGS + '~acme')
    assert control.invitations(account=account['account'])['invitations'][0]['user']['username'] == 'alice'
    assert requests.post(control.url('reset'), timeout=10).status_code == 204
    assert control.invitations(account=account['account']) == {'count': 0, 'invitations': []}


def test_reset_clears_users_roles_and_memberships(api, setup, control):
    api.assign('~alice', ('acme', 'ops'))
    assert requests.post(control.url('reset'), timeout=10).status_code == 204
    assert api.get(USERS).json()['count'] == 0
    assert [role['label'] for role in api.get(ROLES).json()['results']] == ['dashboards-viewer', 'viewer']
    api.create_org('acme')
    assert users_count(api, '~acme') == 0
    assert api.create_user('alice')['username'] == 'alice'


def test_no_answer_holds_a_password_or_its_hash_even_when_asked_for(api, setup):
    """Passwords are write-only: not in the user's answers (asked for by `fields=` or not), nor in the membership
    answers and the organization's member list, as the plain text or as the stored hash."""
    api.patch(USERS + '~alice', json={'password': 'second-secret-pw'})
    answers = [
        api.get(USERS + '~alice?fields=username,password'), api.get(USERS + '?fields=password,username,organizations'),
        api.get(USERS + '~alice'), api.patch(USERS + '~alice', json={'firstName': 'A', 'password': 'third-secret-pw'}),
        api.post(assign_path('~alice') + '?fields=label,password', json=[{'label': 'acme', 'role': 'ops'}]),
        api.post(remove_path('~alice'), json=[{'label': 'beta'}]), api.get(ORGS + '~acme/users/?fields=username,password'),
    ]
    assert [response.status_code for response in answers] == [200] * len(answers)
    assert answers[0].json() == {'username': 'alice'}
    assert answers[1].json()['results'][0]['username'] == 'alice' and 'password' not in answers[1].json()['results'][0]
    assert answers[6].json()['results'] == [{'username': 'alice'}]
    for response in answers:
        text = response.text.replace('password_update_timestamp', '')
        assert 'password' not in text and 'pbkdf2' not in text and 'secret-pw' not in text and 's3cret-pass' not in text
