# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ubidots_user over a fake HTTP session: the membership plan, password handling, and checks before any write."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os

import pytest

from ansible_collections.ubidots.cloud.plugins.module_utils import contract
from ansible_collections.ubidots.cloud.plugins.modules import ubidots_user, ubidots_user_info
from ansible_collections.ubidots.cloud.tests.unit.plugins.module_utils.fakes import FakeResponse, page, run_module

API = 'https://api.example.test'
USERS = API + '/api/v2.0/users/'
ORGS = API + '/api/v2.0/organizations/'
ROLES = API + '/api/v2.0/roles/'
PASSWORD = 'correct-horse-battery'
ORG_IDS = {'acme': 'a' * 24, 'globex': 'b' * 24, 'initech': 'c' * 24}


def org(label):
    return {'id': ORG_IDS[label], 'label': label, 'name': label.title(), 'url': ORGS + ORG_IDS[label]}


def role(label):
    return {'label': label, 'name': label.title(), 'url': ROLES + label}


def membership(label, role_label):
    return dict(org(label), createdAt='2026-11-22T14:05:55.471155Z', role=role(role_label))


def user(memberships=(), **fields):
    obj = {'id': 'e' * 24, 'url': USERS + 'e' * 24, 'username': 'alice', 'email': 'alice@example.com', 'firstName': '',
           'lastName': '', 'isActive': True, 'tags': [], 'properties': {'password_update_timestamp': 1},
           'defaultOrganization': None, 'lastLogin': None, 'createdAt': '2026-11-22T14:05:55.471155Z',
           'organizations': [membership(o, r) for o, r in memberships]}
    obj.update(fields)
    return obj


def envelope(memberships):
    return FakeResponse(200, {'count': len(memberships), 'next': None, 'previous': None,
                              'results': [membership(o, r) for o, r in memberships]})


REFERENCES = (page([org('acme'), org('globex'), org('initech')]), page([role('viewer'), role('editor')]))


def calls(session):
    return [(c['method'], c['url']) for c in session.calls]


def run_user(monkeypatch, capsys, args, *answers, **options):
    return run_module(monkeypatch, capsys, ubidots_user, dict({'username': 'alice'}, **args), *answers, **options)


def test_a_new_user_with_memberships_costs_one_read_per_scope_and_one_write_per_step(monkeypatch, capsys):
    args = {'email': 'alice@example.com', 'password': PASSWORD, 'default_organization': 'acme',
            'organizations': [{'organization': 'acme', 'role': 'editor'}, {'organization': 'globex', 'role': 'viewer'}],
            'invitation': {'subject': 'Welcome', 'expires': 7}}
    made = user()
    result, session = run_user(monkeypatch, capsys, args, page([]), *REFERENCES + (
        FakeResponse(201, made), envelope([('acme', 'editor'), ('globex', 'viewer')]),
        FakeResponse(200, dict(made, defaultOrganization=org('acme')))), diff=True)
    assert calls(session) == [('GET', USERS), ('GET', ORGS), ('GET', ROLES), ('POST', USERS),
                              ('POST', USERS + 'e' * 24 + '/_/assign_organizations/'), ('PATCH', USERS + 'e' * 24 + '/')]
    assert session.calls[0]['params']['fields'].endswith(',organizations')
    assert 'defaultOrganization' not in session.calls[3]['json'] and session.calls[3]['json']['password'] == PASSWORD
    assert session.calls[4]['json'] == [
        {'label': 'acme', 'role': 'editor', 'invitation': {'subject': 'Welcome', 'expires': 7}},
        {'label': 'globex', 'role': 'viewer', 'invitation': {'subject': 'Welcome', 'expires': 7}}]
    assert session.calls[5]['json'] == {'defaultOrganization': '~acme'}
    assert result['action'] == 'created' and result['memberships'] == {'added': ['acme', 'globex'], 'changed': [], 'removed': []}
    assert result['diff']['after']['organizations'] == {'acme': 'editor', 'globex': 'viewer'}
    assert PASSWORD not in json.dumps(result)


@pytest.mark.parametrize('exclusive, assign, remove, memberships', [
    (False, [{'label': 'acme', 'role': 'editor'}, {'label': 'initech', 'role': 'viewer'}], None,
     {'added': ['initech'], 'changed': ['acme'], 'removed': []}),
    (True, [{'label': 'acme', 'role': 'editor'}, {'label': 'initech', 'role': 'viewer'}], [{'label': 'globex'}],
     {'added': ['initech'], 'changed': ['acme'], 'removed': ['globex']}),
])
def test_the_membership_plan_adds_changes_roles_and_ends_only_under_exclusive(monkeypatch, capsys, exclusive, assign,
                                                                              remove, memberships):
    current = user([('acme', 'viewer'), ('globex', 'viewer')])
    args = {'organizations': [{'organization': 'acme', 'role': 'editor'}, {'organization': 'initech', 'role': 'viewer'}],
            'organizations_exclusive': exclusive, 'invitation': {'subject': 'Hi'}}
    answers = [page([current])] + list(REFERENCES) + [envelope([])] + ([envelope([])] if remove else [])
    result, session = run_user(monkeypatch, capsys, args, *answers, diff=True)
    assert session.calls[3]['json'] == [dict(assign[0]), dict(assign[1], invitation={'subject': 'Hi'})]
    if remove:
        assert calls(session)[4] == ('POST', USERS + 'e' * 24 + '/_/remove_organizations/')
        assert session.calls[4]['json'] == remove
    assert len(session.calls) == 4 + bool(remove)
    assert result['memberships'] == memberships and result['action'] == 'updated'
    assert result['diff']['before']['organizations']['acme'] == 'viewer'
    assert result['diff']['after']['organizations']['acme'] == 'editor'


def test_a_converged_user_costs_the_reads_only_and_the_invitation_is_no_change(monkeypatch, capsys):
    current = user([('acme', 'editor')])
    args = {'password': PASSWORD, 'organizations': [{'organization': 'acme', 'role': 'editor'}], 'invitation': {'subject': 'x'}}
    result, session = run_user(monkeypatch, capsys, args, page([current]), *REFERENCES)
    assert [c[0] for c in calls(session)] == ['GET', 'GET', 'GET']
    assert result['changed'] is False and result['action'] == 'unchanged'


def test_update_password_always_writes_it_and_says_so(monkeypatch, capsys):
    current = user()
    result, session = run_user(monkeypatch, capsys, {'password': PASSWORD, 'update_password': 'always'}, page([current]),
                               FakeResponse(200, current), diff=True)
    assert calls(session)[-1] == ('PATCH', USERS + 'e' * 24 + '/') and session.calls[-1]['json'] == {'password': PASSWORD}
    assert result['changed'] is True and result['action'] == 'updated'
    assert result['diff']['after']['password'] == '(hidden, written)'
    assert PASSWORD not in json.dumps(result)


def test_check_mode_predicts_memberships_in_organizations_an_earlier_task_would_create(monkeypatch, capsys):
    args = {'email': 'alice@example.com', 'password': PASSWORD,
            'organizations': [{'organization': 'new-org', 'role': 'new-role'}], 'default_organization': 'new-org'}
    result, session = run_user(monkeypatch, capsys, args, page([]), page([org('acme')]), check_mode=True)
    assert calls(session) == [('GET', USERS), ('GET', ORGS)]  # read, to match a default organization given by id
    assert result['action'] == 'created' and result['user']['organizations'] == [{'organization': 'new-org', 'role': 'new-role'}]


@pytest.mark.parametrize('args, answers, message', [
    ({'username': 'testingAlice'}, 0, 'must not start with "testing"'),
    ({'username': 'al ice'}, 0, "username='al ice' is not a valid username"),
    ({'email': 'alice.example.com'}, 0, "email='alice.example.com' is not an e-mail address"),
    ({'password': 'short'}, 0, 'password must have 8 to 128 characters; the one given has 5.'),
    ({'tags': ['t%d' % n for n in range(21)]}, 0, 'tags: at most 20 different tags; got 21.'),
    ({'tags': ['x' * 51]}, 0, 'tags: each tag needs 1 to 50 characters'),
    ({'organizations': [{'organization': 'nope', 'role': 'viewer'}]}, 3, 'organization=nope does not exist'),
    ({'organizations': [{'organization': 'acme', 'role': 'nope'}]}, 3, 'role=nope (for acme) is not a user role'),
    ({'default_organization': 'globex', 'organizations': [{'organization': 'acme', 'role': 'viewer'}]}, 3,
     'default_organization=globex is not an organization the user is a member of'),
    ({'email': None, 'password': None}, 1, 'email and password is required to create user "alice"'),
])
def test_bad_input_is_refused_before_any_write(monkeypatch, capsys, args, answers, message):
    base = {'email': 'alice@example.com', 'password': PASSWORD}
    result, session = run_user(monkeypatch, capsys, dict(base, **args), *([page([])] + list(REFERENCES))[:answers])
    assert result['failed'] is True and message in result['msg']
    assert all(c['method'] == 'GET' for c in session.calls)
    assert PASSWORD not in json.dumps(result)


def test_usernames_match_regardless_of_case(monkeypatch, capsys):
    result, session = run_user(monkeypatch, capsys, {'username': 'ALICE', 'first_name': ''}, page([user()]))
    assert result['action'] == 'unchanged' and result['user']['id'] == 'e' * 24


def test_tags_and_properties_merge_unless_purged(monkeypatch, capsys):
    current = user(tags=['a', 'b'], properties={'password_update_timestamp': 1, 'team': 'x', 'old': 1})
    result, session = run_user(monkeypatch, capsys, {'tags': ['c'], 'properties': {'team': 'y'}, 'purge_properties': True},
                               page([current]), FakeResponse(200, current))
    assert session.calls[-1]['json'] == {'tags': ['a', 'b', 'c'], 'properties': {'team': 'y', 'old': None}}


def test_info_filters_members_of_an_organization(monkeypatch, capsys):
    bob = user([('globex', 'viewer')], id='f' * 24, username='bob')
    result, session = run_module(monkeypatch, capsys, ubidots_user_info, {'organization': 'acme'},
                                 page([user([('acme', 'viewer')]), bob]))
    assert [u['username'] for u in result['users']] == ['alice'] and 'organizations' not in result['users'][0]
    assert session.calls[0]['params']['fields'] == contract.USER_FIELDS_WITH_MEMBERSHIPS


def test_a_tilde_label_is_the_same_membership_and_never_removes_it(monkeypatch, capsys):
    """Found by review: '~acme' was planned as an addition while 'acme' was removed under exclusive."""
    current = user([('acme', 'viewer')])
    args = {'organizations': [{'organization': '~acme', 'role': 'viewer'}], 'organizations_exclusive': True}
    result, session = run_user(monkeypatch, capsys, args, page([current]), *REFERENCES)
    assert result['changed'] is False and result['memberships'] == {'added': [], 'changed': [], 'removed': []}
    assert all(c['method'] == 'GET' for c in session.calls)


def test_a_membership_refused_after_the_user_was_created_fails_and_says_the_user_exists(monkeypatch, capsys):
    """Found by review: the refused assign (400) was read as a creation race and the task reported 'updated'."""
    refusal = FakeResponse(400, {'code': 400001, 'message': 'Validation Error.', 'detail': {'invitation': ['bad app']}})
    args = {'email': 'alice@example.com', 'password': PASSWORD, 'organizations': [{'organization': 'acme', 'role': 'viewer'}]}
    result, session = run_user(monkeypatch, capsys, args, page([]), *REFERENCES + (FakeResponse(201, user()), refusal))
    assert result['failed'] is True and result['action'] == 'created' and result['user']['id'] == 'e' * 24
    assert 'created (id %s), but' % ('e' * 24) in result['msg'] and PASSWORD not in json.dumps(result)


def test_an_organization_id_in_memberships_is_refused_before_any_request(monkeypatch, capsys):
    result, session = run_user(monkeypatch, capsys, {'organizations': [{'organization': 'a' * 24, 'role': 'viewer'}]})
    assert result['failed'] is True and 'looks like an id' in result['msg'] and session.calls == []


# --- password_file: a generated password for a user this task creates ------------------------------------------------
def mode(path):
    return oct(os.stat(str(path)).st_mode & 0o777)


def test_a_generated_password_is_written_0600_in_a_0700_folder_before_the_post_that_sets_it(monkeypatch, capsys, tmp_path):
    password_file = tmp_path / 'keys' / 'alice.password'
    seen = {}

    def post(method, url, **kwargs):
        seen['file at the POST'] = password_file.read_text().strip() if password_file.exists() else None
        seen['sent'] = kwargs['json']['password']
        return FakeResponse(201, user())

    result, session = run_user(monkeypatch, capsys, {'email': 'alice@example.com', 'password_file': str(password_file)},
                               page([]), post, diff=True)
    assert calls(session) == [('GET', USERS), ('POST', USERS)]
    assert seen['file at the POST'] == seen['sent']  # written before the POST, and the password the POST set
    assert contract.password_error(len(seen['sent'])) is None and len(set(seen['sent'])) > 10
    assert mode(password_file) == '0o600' and mode(password_file.parent) == '0o700'
    assert os.listdir(str(password_file.parent)) == ['alice.password']  # no temporary file left behind
    assert result['action'] == 'created' and result['user']['password_file'] == str(password_file)
    assert result['diff']['after']['password'] == '(generated, in password_file)'
    assert seen['sent'] not in json.dumps(result)


def test_a_generated_password_is_hidden_even_where_the_server_echoes_it(monkeypatch, capsys, tmp_path):
    """Found by review: the generated password was not among the task's no_log values, the second guard."""
    def post(method, url, **kwargs):
        return FakeResponse(201, user(lastName=kwargs['json']['password']))  # a server that echoes what it got

    result, session = run_user(monkeypatch, capsys, {'email': 'alice@example.com', 'password_file': str(tmp_path / 'p')},
                               page([]), post)
    generated = (tmp_path / 'p').read_text().strip()
    assert result['action'] == 'created' and generated not in json.dumps(result)
    assert result['user']['last_name'] == 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'


@pytest.mark.parametrize('held, kept', [('Kept-password-1234', True), ('short', False), ('', False)])
def test_a_password_file_that_holds_a_password_keeps_it_for_the_creation(monkeypatch, capsys, tmp_path, held, kept):
    """A run stopped before its POST was answered, or another host making the same user: the file's password is the
    one the user gets, so the file never holds a password nobody has."""
    password_file = tmp_path / 'alice.password'
    password_file.write_text(held + '\n')
    sent = []

    def post(method, url, **kwargs):
        sent.append(kwargs['json']['password'])
        return FakeResponse(201, user())

    run_user(monkeypatch, capsys, {'email': 'alice@example.com', 'password_file': str(password_file)}, page([]), post)
    assert (sent[0] == held) is kept and password_file.read_text().strip() == sent[0]


def test_two_creations_get_two_different_passwords(monkeypatch, capsys, tmp_path):
    sent = []

    def post(method, url, **kwargs):
        sent.append(kwargs['json']['password'])
        return FakeResponse(201, user(username=kwargs['json']['username']))

    for name in ('alice', 'bob'):
        run_user(monkeypatch, capsys, {'username': name, 'email': name + '@example.com',
                                       'password_file': str(tmp_path / name)}, page([]), post)
    assert sent[0] != sent[1] and [(tmp_path / n).read_text().strip() for n in ('alice', 'bob')] == sent


@pytest.mark.parametrize('case', ['existing user', 'password given', 'check mode'])
def test_password_file_is_written_only_when_the_task_creates_the_user_without_a_password(monkeypatch, capsys, tmp_path, case):
    password_file = tmp_path / 'keys' / 'alice.password'
    arguments = {'email': 'alice@example.com', 'password_file': str(password_file), 'first_name': 'Alice'}
    if case == 'existing user':
        result, session = run_user(monkeypatch, capsys, arguments, page([user()]), FakeResponse(200, user(firstName='Alice')))
        assert session.calls[-1]['json'] == {'firstName': 'Alice'}  # no password written to an existing user
        assert 'password_file' not in result['user']
    elif case == 'password given':
        result, session = run_user(monkeypatch, capsys, dict(arguments, password=PASSWORD), page([]),
                                   FakeResponse(201, user()))
        assert session.calls[-1]['json']['password'] == PASSWORD
    else:
        result, session = run_user(monkeypatch, capsys, arguments, page([]), check_mode=True, diff=True)
        assert calls(session) == [('GET', USERS)] and result['action'] == 'created'
        assert result['user']['password_file'] == str(password_file)  # where it would be written
    assert result['changed'] is True and not password_file.exists() and not password_file.parent.exists()


def test_a_password_file_that_cannot_be_written_stops_the_creation(monkeypatch, capsys, tmp_path):
    blocker = tmp_path / 'not-a-folder'
    blocker.write_text('x')
    result, session = run_user(monkeypatch, capsys, {'email': 'alice@example.com',
                                                     'password_file': str(blocker / 'alice.password')}, page([]))
    assert result['failed'] is True and 'password_file=%s: its folder' % (blocker / 'alice.password') in result['msg']
    assert 'is not a directory' in result['msg'] and calls(session) == [('GET', USERS)]  # before any write


def test_a_password_file_that_fails_at_the_write_stops_the_creation(monkeypatch, capsys, tmp_path):
    from ansible_collections.ubidots.cloud.plugins.module_utils import users

    def full(path, text, prefix):
        raise OSError(28, 'No space left on device')

    monkeypatch.setattr(users, 'write_private_file', full)
    result, session = run_user(monkeypatch, capsys, {'email': 'alice@example.com',
                                                     'password_file': str(tmp_path / 'alice.password')}, page([]))
    assert result['failed'] is True and 'cannot be written (No space left on device); the user was not created' in result['msg']
    assert calls(session) == [('GET', USERS)]


def test_an_api_error_that_echoes_a_generated_password_does_not_show_it(monkeypatch, capsys, tmp_path):
    password_file = tmp_path / 'keys' / 'alice.password'

    def refuse(method, url, **kwargs):
        return FakeResponse(400, {'code': 400001, 'message': 'Validation Error.',
                                  'detail': {'password': ['%s is too common.' % kwargs['json']['password']]}})

    result, session = run_user(monkeypatch, capsys, {'email': 'alice@example.com', 'password_file': str(password_file)},
                               page([]), refuse, page([]))  # a refused creation: was it taken by another run?
    assert result['failed'] is True and '<generated password> is too common' in result['msg']
    assert password_file.read_text().strip() not in json.dumps(result)


def test_a_creation_another_run_won_plans_the_memberships_from_the_user_it_made(monkeypatch, capsys):
    """The POST is refused (taken): the task converges on the user the other run made, with her memberships as they
    are, so an exclusive list ends the one it does not name and keeps the one it does."""
    args = {'email': 'alice@example.com', 'password': PASSWORD, 'organizations_exclusive': True,
            'organizations': [{'organization': 'acme', 'role': 'editor'}]}
    taken = FakeResponse(400, {'code': 400001, 'message': 'Validation Error.',
                               'detail': {'non_field_errors': ['Email or username is already taken.']}})
    raced = user([('acme', 'editor'), ('globex', 'viewer')])
    result, session = run_user(monkeypatch, capsys, args, page([]), *REFERENCES + (
        taken, page([raced]), envelope([('acme', 'editor')])), diff=True)
    assert calls(session)[-2:] == [('GET', USERS), ('POST', USERS + 'e' * 24 + '/_/remove_organizations/')]
    assert session.calls[-1]['json'] == [{'label': 'globex'}]
    assert result['action'] == 'updated' and result['memberships'] == {'added': [], 'changed': [], 'removed': ['globex']}
