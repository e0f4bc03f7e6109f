# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Section 7 of the contract: users of the account's app."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import re
import time

import pytest
import requests

from ubidots_emulator.resources.users import password_matches

USERS = '/api/v2.0/users/'
FIELDS = ['id', 'url', 'username', 'email', 'firstName', 'lastName', 'isActive', 'tags', 'defaultOrganization', 'properties',
          'lastLogin', 'createdAt']
ID = re.compile(r'^[0-9a-f]{24}$')
TIMESTAMP = re.compile(r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$')
NOT_FOUND = {'code': 404001, 'message': 'Not found.', 'detail': 'Not found.'}
TAKEN = {'non_field_errors': ['Email or username is already taken.']}
USERNAME_RULE = 'Enter a valid username: 1-150 characters among letters, digits, _ and -.'
RESERVED = 'A username cannot start with "testing".'
BAD_EMAIL = 'Enter a valid email address.'


def validation(detail):
    return {'code': 400001, 'message': 'Validation Error.', 'detail': detail}


def now_ms():
    return int(time.time() * 1000)


def usernames(response):
    assert response.status_code == 200, response.text
    return [item['username'] for item in response.json()['results']]


def stored_user(server, user_id):
    with server.emulator.store.transaction() as store:
        return store.first('users', id=user_id)


def test_create_with_defaults(api, server):
    before = now_ms()
    response = api.post(USERS, json={'username': 'alice', 'email': 'alice@example.com', 'password': 'correct horse'})
    after = now_ms()
    assert response.status_code == 201
    user = response.json()
    assert list(user) == FIELDS
    assert ID.match(user['id']) and TIMESTAMP.match(user['createdAt'])
    assert user['url'] == api.base_url + USERS + user['id']
    stamp = user['properties']['password_update_timestamp']
    assert before <= stamp <= after
    assert {key: user[key] for key in FIELDS if key not in ('id', 'url', 'createdAt')} == {
        'username': 'alice', 'email': 'alice@example.com', 'firstName': '', 'lastName': '', 'isActive': True, 'tags': [],
        'defaultOrganization': None, 'properties': {'password_update_timestamp': stamp}, 'lastLogin': None,
    }
    assert 'correct horse' not in response.text and 'password' not in user


def test_password_is_stored_hashed_with_a_salt(api, server):
    first = api.create_user('alice', password='same-password')
    second = api.create_user('bob', password='same-password')
    rows = [stored_user(server, user['id']) for user in (first, second)]
    assert all(row['password'].startswith('pbkdf2_sha256$') and 'same-password' not in row['password'] for row in rows)
    assert rows[0]['password'] != rows[1]['password']  # a salt per password
    assert password_matches(rows[0]['password'], 'same-password') and not password_matches(rows[0]['password'], 'same-passwore')


def test_every_password_received_is_listed_as_a_secret(api, account, control):
    def passwords():
        response = requests.get(control.url('secrets'), params={'account': account['account']}, timeout=10)
        assert response.status_code == 200, response.text
        return [entry['value'] for entry in response.json()['secrets'] if entry['kind'] == 'password']

    api.create_user('alice', password='first-password')
    assert api.patch(USERS + '~alice', json={'password': 'second-password'}).status_code == 200
    assert api.patch(USERS + '~alice', json={'firstName': 'A'}).status_code == 200
    # Refused writes store nothing, so they record nothing.
    assert api.post(USERS, json={'username': 'ALICE', 'email': 'x@example.com', 'password': 'refused-password'}).status_code == 400
    assert api.patch(USERS + '~alice', json={'password': 'another-refused', 'tags': 'x'}).status_code == 400
    assert passwords() == ['first-password', 'second-password']
    assert requests.post(control.url('reset'), timeout=10).status_code == 204
    assert passwords() == ['first-password', 'second-password']  # a reset keeps the secrets, like deleted tokens' keys


def test_every_field_on_post(api):
    user = api.create_user('Bob_2-x', email='Bob@Example.ORG', firstName='Bob', lastName='Builder', isActive=False,
                           tags=['north', 'plant-1'], properties={'lang': 'es', 'n': 1}, defaultOrganization=None)
    assert (user['username'], user['email'], user['firstName'], user['lastName'], user['isActive'], user['tags']) == \
        ('Bob_2-x', 'Bob@Example.ORG', 'Bob', 'Builder', False, ['north', 'plant-1'])
    assert user['properties'] == {'lang': 'es', 'n': 1, 'password_update_timestamp': user['properties']['password_update_timestamp']}


def test_read_only_and_unknown_fields_are_ignored(api):
    user = api.create_user('alice', id='0' * 24, url='x', createdAt='2000-01-01T00:00:00.000000Z', lastLogin='2000-01-01T00:00:00.000000Z',
                           organizations=[{'label': 'x'}], whatever=1)
    assert user['id'] != '0' * 24 and user['lastLogin'] is None and user['createdAt'] != '2000-01-01T00:00:00.000000Z'
    assert 'organizations' not in user and 'whatever' not in user


def test_get_by_id_and_by_username_in_any_case(api):
    user = api.create_user('Alice')
    for key in (user['id'], '~Alice', '~alice', '~ALICE'):
        response = api.get(USERS + key + '/')
        assert (response.status_code, response.json()) == (200, user), key
    for key in ('~alic', '~', 'Alice', '0123456789abcdef01234567'):
        response = api.get(USERS + key)
        assert (response.status_code, response.json()) == (404, NOT_FOUND), key


@pytest.mark.parametrize('body,detail', [
    ({'email': 'a@example.com', 'password': 'p' * 8}, {'username': ['This field is required.']}),
    ({'username': 'a'}, {'email': ['This field is required.'], 'password': ['This field is required.']}),
    ({'username': None, 'email': 'a@example.com', 'password': 'p' * 8}, {'username': ['This field may not be null.']}),
    ({'username': 5, 'email': 'a@example.com', 'password': 'p' * 8}, {'username': ['Not a valid string.']}),
    ({'username': '', 'email': 'a@example.com', 'password': 'p' * 8}, {'username': [USERNAME_RULE]}),
    ({'username': 'has space', 'email': 'a@example.com', 'password': 'p' * 8}, {'username': [USERNAME_RULE]}),
    ({'username': 'dot.ted', 'email': 'a@example.com', 'password': 'p' * 8}, {'username': [USERNAME_RULE]}),
    ({'username': 'x' * 151, 'email': 'a@example.com', 'password': 'p' * 8}, {'username': [USERNAME_RULE]}),
    ({'username': 'alice\n', 'email': 'a@example.com', 'password': 'p' * 8}, {'username': [USERNAME_RULE]}),
    ({'username': 'testing', 'email': 'a@example.com', 'password': 'p' * 8}, {'username': [RESERVED]}),
    ({'username': 'Testing_user', 'email': 'a@example.com', 'password': 'p' * 8}, {'username': [RESERVED]}),
    ({'username': 'TESTINGX', 'email': 'a@example.com', 'password': 'p' * 8}, {'username': [RESERVED]}),
    ({'username': 'a', 'email': 'a@example.com', 'password': 'p' * 7}, {'password': ['Ensure this field has at least 8 characters.']}),
    ({'username': 'a', 'email': 'a@example.com', 'password': 'p' * 129}, {'password': ['Ensure this field has no more than 128 characters.']}),
    ({'username': 'a', 'email': 'a@example.com', 'password': 12345678}, {'password': ['Not a valid string.']}),
    ({'username': 'a', 'email': 'a@example.com', 'password': 'p' * 8, 'firstName': None}, {'firstName': ['This field may not be null.']}),
    ({'username': 'a', 'email': 'a@example.com', 'password': 'p' * 8, 'lastName': 1}, {'lastName': ['Not a valid string.']}),
    ({'username': 'a', 'email': 'a@example.com', 'password': 'p' * 8, 'isActive': 'yes'}, {'isActive': ['Must be a valid boolean.']}),
    ({'username': 'a', 'email': 'a@example.com', 'password': 'p' * 8, 'properties': []},
     {'properties': ['Expected a dictionary of items but got type "list".']}),
    ({'username': 'testing1', 'email': 'bad', 'password': 'short'},
     {'username': [RESERVED], 'email': [BAD_EMAIL], 'password': ['Ensure this field has at least 8 characters.']}),
])
def test_create_validation(api, body, detail):
    response = api.post(USERS, json=body)
    assert response.status_code == 400
    assert response.json() == validation(detail)
    assert api.get(USERS).json()['count'] == 0


@pytest.mark.parametrize('username', ['a', 'x' * 150, 'my-testing', 'test', 'Tester_01', '_-'])
def test_usernames_that_follow_the_rule(api, username):
    assert api.create_user(username, email='u@example.com')['username'] == username


@pytest.mark.parametrize('email', ['plain', 'a@b', 'a@b.', 'a@example.com.', '@example.com', 'a b@example.com', 'a@exa mple.com',
                                   'a@@example.com', 'a@b@example.com', 'a@example.com\n', ''])
def test_email_must_look_like_local_at_domain_tld(api, email):
    response = api.post(USERS, json={'username': 'a', 'email': email, 'password': 'p' * 8})
    assert response.status_code == 400
    assert response.json() == validation({'email': [BAD_EMAIL]})


@pytest.mark.parametrize('email', ['a@example.com', 'First.Last+tag@mail.Example.co.uk', 'x_y@sub-domain.io', 'a@example.c'])
def test_valid_emails(api, email):
    assert api.create_user('a', email=email)['email'] == email


def test_password_length_bounds(api):
    assert api.create_user('short', password='p' * 8)['username'] == 'short'
    assert api.create_user('long', password='p' * 128)['username'] == 'long'


@pytest.mark.parametrize('username,email', [('alice', 'other@example.com'), ('ALICE', 'other@example.com'),
                                            ('other', 'alice@example.com'), ('other', 'Alice@EXAMPLE.com'), ('Alice', 'ALICE@example.com')])
def test_duplicate_username_or_email_in_any_case(api, username, email):
    api.create_user('Alice', email='alice@example.com')
    response = api.post(USERS, json={'username': username, 'email': email, 'password': 'p' * 8})
    assert response.status_code == 400
    assert response.json() == validation(TAKEN)


def test_field_errors_come_before_the_duplicate_check_and_accounts_are_separate(api, other_api):
    api.create_user('alice')
    response = api.post(USERS, json={'username': 'alice', 'email': 'alice@example.com', 'password': 'short'})
    assert response.json() == validation({'password': ['Ensure this field has at least 8 characters.']})
    assert other_api.create_user('alice')['username'] == 'alice'


def test_tags_collapse_keep_order_and_are_limited(api):
    assert api.create_user('a', tags=['b', 'a', 'b', 'c', 'a'])['tags'] == ['b', 'a', 'c']
    twenty = ['t%d' % index for index in range(20)]
    assert api.create_user('b', tags=twenty + twenty[:5])['tags'] == twenty  # 25 written, 20 after collapsing
    assert api.create_user('c', tags=['x' * 50, 'y'])['tags'] == ['x' * 50, 'y']


@pytest.mark.parametrize('tags,messages', [
    (['t%d' % index for index in range(21)], ['Ensure this field has no more than 20 elements.']),
    (['ok', ''], ['Each tag needs 1 to 50 characters, not 0.']),
    (['x' * 51], ['Each tag needs 1 to 50 characters, not 51.']),
    (['ok', 3], ['Not a valid string.']),
    ('north', ['Expected a list of items but got type "str".']),
    (None, ['This field may not be null.']),
])
def test_bad_tags(api, tags, messages):
    response = api.post(USERS, json={'username': 'a', 'email': 'a@example.com', 'password': 'p' * 8, 'tags': tags})
    assert response.status_code == 400
    assert response.json() == validation({'tags': messages})


def test_default_organization_on_post_must_be_a_membership(api):
    org = api.create_org('acme')
    for value, message in ((org['id'], 'The user is not a member of organization "%s".' % org['id']),
                           ('~acme', 'The user is not a member of organization "~acme".'),
                           ('~ghost', 'Object "~ghost" does not exist.'), ('acme', 'Object "acme" does not exist.'),
                           (7, 'Object "7" does not exist.')):
        response = api.post(USERS, json={'username': 'a', 'email': 'a@example.com', 'password': 'p' * 8, 'defaultOrganization': value})
        assert response.status_code == 400
        assert response.json() == validation({'defaultOrganization': [message]})


def test_patch_changes_only_what_it_sends(api):
    user = api.create_user('alice', firstName='Al', tags=['a'])
    response = api.patch(USERS + '~alice', json={'lastName': 'Smith', 'isActive': False, 'tags': ['b', 'b', 'c'], 'email': 'NEW@example.com'})
    assert response.status_code == 200
    assert response.json() == dict(user, lastName='Smith', isActive=False, tags=['b', 'c'], email='NEW@example.com')
    assert api.get(USERS + user['id']).json() == response.json()


def test_patch_keeps_the_username(api):
    user = api.create_user('Alice')
    assert api.patch(USERS + user['id'], json={'username': 'Alice', 'firstName': 'A'}).status_code == 200
    for username in ('alice', 'bob', None, 3):
        response = api.patch(USERS + user['id'], json={'username': username, 'firstName': 'B'})
        assert response.status_code == 400
        assert response.json() == validation({'username': ['Username cannot be changed.']})
    assert api.get(USERS + user['id']).json()['firstName'] == 'A'


def test_patch_email_taken_by_another_user_but_own_email_in_another_case_is_fine(api):
    api.create_user('alice', email='alice@example.com')
    bob = api.create_user('bob', email='bob@example.com')
    response = api.patch(USERS + '~bob', json={'email': 'ALICE@example.com'})
    assert response.status_code == 400
    assert response.json() == validation(TAKEN)
    assert api.patch(USERS + '~bob', json={'email': 'BOB@example.com'}).json()['email'] == 'BOB@example.com'
    assert api.get(USERS + bob['id']).json()['email'] == 'BOB@example.com'


@pytest.mark.parametrize('body,detail', [
    ({'email': 'nope'}, {'email': [BAD_EMAIL]}),
    ({'password': 'p' * 7}, {'password': ['Ensure this field has at least 8 characters.']}),
    ({'password': None}, {'password': ['This field may not be null.']}),
    ({'tags': ['t%d' % index for index in range(21)]}, {'tags': ['Ensure this field has no more than 20 elements.']}),
    ({'properties': 'x'}, {'properties': ['Expected a dictionary of items but got type "str".']}),
    ({'isActive': None}, {'isActive': ['This field may not be null.']}),
])
def test_patch_validation_changes_nothing(api, body, detail):
    user = api.create_user('alice')
    response = api.patch(USERS + '~alice', json=body)
    assert response.status_code == 400
    assert response.json() == validation(detail)
    assert api.get(USERS + '~alice').json() == user


def test_password_writes_stamp_properties_and_the_server_owns_the_stamp(api, server):
    user = api.create_user('alice', password='first-password', properties={'password_update_timestamp': 1, 'a': 1})
    stamp = user['properties']['password_update_timestamp']
    assert stamp > 1 and user['properties'] == {'a': 1, 'password_update_timestamp': stamp}
    no_password = api.patch(USERS + '~alice', json={'firstName': 'A', 'properties': {'password_update_timestamp': 5}}).json()
    assert no_password['properties'] == user['properties']
    time.sleep(0.01)
    before = now_ms()
    changed = api.patch(USERS + '~alice', json={'password': 'second-password'})
    assert changed.status_code == 200 and 'second-password' not in changed.text and 'password' not in changed.json()
    new_stamp = changed.json()['properties']['password_update_timestamp']
    assert new_stamp >= before > stamp
    assert password_matches(stored_user(server, user['id'])['password'], 'second-password')
    time.sleep(0.01)
    again = api.patch(USERS + '~alice', json={'password': 'second-password'}).json()  # the same password is still a write
    assert again['properties']['password_update_timestamp'] > new_stamp
    # Removing the stamp is not possible either.
    kept = api.patch(USERS + '~alice', json={'properties': {'password_update_timestamp': None}}).json()
    assert kept['properties'] == again['properties']


def test_properties_patch_merges_and_null_removes(api):
    user = api.create_user('alice', properties={'a': 1, 'b': {'x': 1}, 'c': None})
    stamp = user['properties']['password_update_timestamp']
    assert user['properties'] == {'a': 1, 'b': {'x': 1}, 'password_update_timestamp': stamp}
    patched = api.patch(USERS + '~alice', json={'properties': {'b': {'y': 2}, 'a': None, 'd': [1], 'ghost': None}}).json()
    assert patched['properties'] == {'b': {'y': 2}, 'password_update_timestamp': stamp, 'd': [1]}
    assert api.patch(USERS + '~alice', json={'properties': {}}).json()['properties'] == patched['properties']


def test_put_is_405_and_other_methods_on_the_list(api):
    api.create_user('alice')
    for method, path in (('PUT', USERS + '~alice'), ('PUT', USERS), ('DELETE', USERS), ('PATCH', USERS)):
        response = api.request(method, path, json={})
        message = 'Method "%s" not allowed.' % method
        assert (response.status_code, response.json()) == (405, {'code': 405001, 'message': message, 'detail': message})


def test_delete(api):
    user = api.create_user('alice')
    response = api.delete(USERS + '~ALICE/')
    assert (response.status_code, response.content) == (204, b'')
    for key in (user['id'], '~alice'):
        assert api.get(USERS + key).status_code == 404
        assert api.delete(USERS + key).status_code == 404
    assert api.create_user('alice')['id'] != user['id']  # username and email are free again


@pytest.fixture
def four_users(api):
    """u0 .. u3 created in that order; u1 and u3 inactive."""
    return [api.create_user('u%d' % index, email='User%d@Example.com' % index, isActive=index % 2 == 0) for index in range(4)]


def test_list_newest_first_and_never_a_password(api, four_users):
    response = api.get(USERS)
    assert usernames(response) == ['u3', 'u2', 'u1', 'u0']
    assert response.json()['results'] == list(reversed(four_users))
    assert 'password' not in json.dumps(response.json()).replace('password_update_timestamp', '')


def test_list_filters(api, four_users):
    cases = [
        ('id=%s' % four_users[1]['id'], ['u1']),
        ('id__in=%s,%s' % (four_users[0]['id'], four_users[2]['id']), ['u2', 'u0']),
        ('username=u2', ['u2']),
        ('username=U2', []),
        ('username__startswith=u', ['u3', 'u2', 'u1', 'u0']),
        ('username__in=u0,u3,zz', ['u3', 'u0']),
        ('email=User1@Example.com', ['u1']),
        ('email=user1@example.com', []),
        ('email__icontains=USER3', ['u3']),
        ('isActive=false', ['u3', 'u1']),
        ('isActive=true&username__in=u0,u1', ['u0']),
        ('firstName=x&unknown=1', ['u3', 'u2', 'u1', 'u0']),
    ]
    for query, expected in cases:
        assert usernames(api.get(USERS + '?' + query)) == expected, query


def test_fields_on_list_and_detail(api, four_users):
    assert api.get(USERS + '?fields=username,isActive,nothing&page_size=2').json()['results'] == [
        {'username': 'u3', 'isActive': False}, {'username': 'u2', 'isActive': True}]
    assert api.get(USERS + '~u0?fields=email,lastLogin').json() == {'email': 'User0@Example.com', 'lastLogin': None}


def test_pagination(api, four_users):
    first = api.get(USERS + '?page_size=3&isActive=true').json()
    assert (first['count'], first['next'], first['previous']) == (2, None, None)
    page = api.get(USERS + '?page_size=3').json()
    assert page['count'] == 4 and [item['username'] for item in page['results']] == ['u3', 'u2', 'u1']
    assert page['next'] == api.base_url + USERS + '?page_size=3&page=2'
    second = api.get(page['next'][len(api.base_url):]).json()
    assert [item['username'] for item in second['results']] == ['u0']
    assert second['previous'] == api.base_url + USERS + '?page_size=3&page=1'
    assert api.get(USERS + '?page_size=3&page=3').json() == {'code': 404001, 'message': 'Invalid page.', 'detail': 'Invalid page.'}


def test_accounts_are_isolated(api, other_api):
    user = api.create_user('alice')
    assert other_api.get(USERS).json()['count'] == 0
    for path in (USERS + user['id'], USERS + '~alice'):
        assert other_api.get(path).status_code == 404
        assert other_api.patch(path, json={'firstName': 'x'}).status_code == 404
        assert other_api.delete(path).status_code == 404
    assert api.get(USERS + '~alice').json() == user
