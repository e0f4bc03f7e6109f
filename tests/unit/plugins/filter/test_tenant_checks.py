# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The filters tenant_errors and undeclared_roles: what tenant_bootstrap refuses before its first write."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import re

import pytest
import yaml

from ansible.errors import AnsibleFilterError

from ansible_collections.ubidots.cloud.plugins.module_utils import contract
from ansible_collections.ubidots.cloud.plugins.filter.tenant_checks import FilterModule, tenant_errors, tenant_users, undeclared_roles

READER = {'name': 'Reader', 'label': 'reader', 'permissions': {'devices': ['read']}}
PNG = b'\x89PNG\r\n\x1a\n' + b'\x00' * 32
ROLE_SPECS = os.path.join(os.path.dirname(__file__), '..', '..', '..', '..', 'roles', 'tenant_bootstrap', 'meta',
                          'argument_specs.yml')


def tenant(**fields):
    return dict({'label': 'acme', 'name': 'ACME', 'tokens': [{'name': 'gateway', 'role': 'reader'}]}, **fields)


def token(**fields):
    return dict({'name': 'gateway', 'role': 'reader'}, **fields)


@pytest.fixture(scope='module')
def tenant_spec():
    """The spec the role passes: the ubidots_tenant option of its `tenant` entry point."""
    with open(ROLE_SPECS) as handle:
        return yaml.safe_load(handle)['argument_specs']['tenant']['options']['ubidots_tenant']


@pytest.fixture
def images(tmp_path):
    png = tmp_path / 'logo.png'
    png.write_bytes(PNG)
    text = tmp_path / 'notes.txt'
    text.write_text(u'this is text, not an image\n')
    return {'png': str(png), 'text': str(text), 'missing': str(tmp_path / 'nowhere' / 'favicon.png'), 'dir': str(tmp_path)}


def test_both_filters_are_registered():
    assert FilterModule().filters() == {'tenant_errors': tenant_errors, 'undeclared_roles': undeclared_roles, 'tenant_users': tenant_users}


def test_a_good_description_has_no_error(images):
    tenants = [tenant(favicon=images['png'], logo='', tokens=[token(rate_limit=30, rate_limit_window=60), token(name='b', rate_limit=2)]),
               tenant(label='beta.2:x_y-z', tokens=[])]
    assert tenant_errors(tenants, [READER], []) == []
    assert tenant_errors([], None, None) == []


def test_tenant_label_names_the_tenant_option_and_value():
    assert tenant_errors([tenant(label='acme corp')], [READER]) == [
        "Tenant acme corp: label='acme corp' is not a valid label: use 1 to 100 characters of A-Z a-z 0-9 _ . : -."]
    assert tenant_errors([tenant(label='a' * 101)], [READER])[0].startswith("Tenant %s: label='%s' is not a valid label" % ('a' * 101, 'a' * 101))
    assert tenant_errors([tenant(label='')], [READER]) == [
        "Tenant #1 of ubidots_tenants (name ACME): label='' is not a valid label: use 1 to 100 characters of A-Z a-z 0-9 _ . : -."]


def test_rate_limit_pairs_come_from_the_contract():
    assert tenant_errors([tenant(tokens=[token(rate_limit=5, rate_limit_window=1)])], [READER]) == [
        'Tenant acme, token gateway: rate_limit=5 is not allowed with rate_limit_window=1; allowed: 1, 2, 4.']
    assert tenant_errors([tenant(tokens=[token(rate_limit='5', rate_limit_window='1')])], [READER]) == [
        'Tenant acme, token gateway: rate_limit=5 is not allowed with rate_limit_window=1; allowed: 1, 2, 4.']
    assert tenant_errors([tenant(tokens=[token(rate_limit=4, rate_limit_window=7)])], [READER]) == [
        'Tenant acme, token gateway: rate_limit_window=7 is not one of 1, 60, 300, 900, 1800, 3600 seconds.']
    assert tenant_errors([tenant(tokens=[token(rate_limit_window=7)])], [READER]) == [
        'Tenant acme, token gateway: rate_limit_window=7 is not one of 1, 60, 300, 900, 1800, 3600 seconds.']


def test_a_rate_limit_alone_is_checked_against_the_window_of_a_new_token():
    # On a first run every token is created, and ubidots_org_token gives a new token without
    # rate_limit_window the window contract.TOKEN_DEFAULT_RATE_LIMIT_WINDOW (1 s).
    assert tenant_errors([tenant(tokens=[token(rate_limit=2), token(name='b', rate_limit='4')])], [READER]) == []
    assert tenant_errors([tenant(tokens=[token(rate_limit=30)])], [READER]) == [
        'Tenant acme, token gateway: rate_limit=30 is not allowed with rate_limit_window=1, the window a new token gets '
        'when rate_limit_window is left out; allowed: 1, 2, 4. Set rate_limit_window too: rate_limit=30 is allowed '
        'with rate_limit_window=60 or 300.']
    assert tenant_errors([tenant(tokens=[token(rate_limit=3)])], [READER]) == [
        'Tenant acme, token gateway: rate_limit=3 is not allowed with any rate_limit_window (a new token gets '
        'rate_limit_window=1 when it is left out); allowed: 1 s: 1, 2, 4; 60 s: 5, 10, 30, 60; 300 s: 10, 30, 90, 180; '
        '900 s: 90, 180, 240, 480; 1800 s: 90, 240, 480, 720; 3600 s: 90, 240, 480, 720, 960. '
        'Set rate_limit_window too, with a rate_limit it allows.']


def test_a_rate_limit_alone_follows_the_contract_default_window(monkeypatch):
    monkeypatch.setattr(contract, 'TOKEN_DEFAULT_RATE_LIMIT_WINDOW', 60)
    assert tenant_errors([tenant(tokens=[token(rate_limit=30)])], [READER]) == []
    assert tenant_errors([tenant(tokens=[token(rate_limit=4)])], [READER])[0].startswith(
        'Tenant acme, token gateway: rate_limit=4 is not allowed with rate_limit_window=60, the window a new token gets')


def test_a_rate_limit_window_alone_is_refused_as_on_creation():
    assert tenant_errors([tenant(tokens=[token(rate_limit_window=60)])], [READER]) == [
        'Tenant acme, token gateway: rate_limit is required with rate_limit_window=60 when creating a token; '
        'set rate_limit too, allowed: 5, 10, 30, 60.']
    assert tenant_errors([tenant(tokens=[token(rate_limit_window='1')])], [READER]) == [
        'Tenant acme, token gateway: rate_limit is required with rate_limit_window=1 when creating a token; '
        'set rate_limit too, allowed: 1, 2, 4.']


def test_numeric_labels_and_names_are_checked_as_their_text():
    # validate_argument_spec turns label: 2024 into '2024' only in its own copy: the filter gets the number.
    tenants = [tenant(label=2024, tokens=[token(name=7, role=123), token(name='b', role=4.5)]),
               tenant(label=3.5, favicon=404, tokens=[])]
    roles = [{'name': 'Numbered', 'label': 123}, {'name': 45}]
    assert tenant_errors(tenants, roles) == [
        'Tenant 3.5: favicon=404 cannot be read (No such file or directory). '
        'Give the path of an image file on the host that runs the role.']
    assert undeclared_roles(tenants, roles) == ['4.5']
    assert tenant_errors(tenants, roles, [])[0] == (
        'Tenant 2024, token b: role=4.5 is neither in ubidots_api_roles nor on the server. Add it to ubidots_api_roles '
        '(or create it with ubidots.cloud.ubidots_org_role), or correct the role of the token.')
    # A number whose text is not a label is refused with that text, as the module would refuse it.
    assert tenant_errors([tenant(label=1e20)], [{'label': 1e20}]) == [
        "API role 1e+20: label='1e+20' is not a valid label: use 1 to 100 characters of A-Z a-z 0-9 _ . : -.",
        "Tenant 1e+20: label='1e+20' is not a valid label: use 1 to 100 characters of A-Z a-z 0-9 _ . : -."]


def test_labels_that_are_not_text_are_refused_by_value():
    assert tenant_errors([tenant(label=True)], [{'name': 'Reader', 'label': ['reader']}]) == [
        "API role Reader: label=['reader'] is not a string, so not a valid label: use 1 to 100 characters of A-Z a-z 0-9 _ . : -.",
        "Tenant #1 of ubidots_tenants (name ACME): label=True is not a string, so not a valid label: "
        "use 1 to 100 characters of A-Z a-z 0-9 _ . : -."]


def test_images_must_be_readable_image_files(images):
    assert tenant_errors([tenant(favicon=images['missing'])], [READER]) == [
        'Tenant acme: favicon=%s cannot be read (No such file or directory). '
        'Give the path of an image file on the host that runs the role.' % images['missing']]
    assert tenant_errors([tenant(logo=images['dir'])], [READER]) == [
        'Tenant acme: logo=%s cannot be read (Is a directory). Give the path of an image file on the host that runs the role.'
        % images['dir']]
    assert tenant_errors([tenant(logo=images['text'])], [READER]) == [
        'Tenant acme: logo=%s is not a PNG, JPEG, GIF, ICO or SVG image (checked by its first bytes). Give the path of an image file.'
        % images['text']]


def test_image_paths_are_expanded_like_the_modules_path_type(images, monkeypatch):
    monkeypatch.setenv('TENANT_IMAGES', images['dir'])
    assert tenant_errors([tenant(favicon='$TENANT_IMAGES/logo.png')], [READER]) == []
    assert len(tenant_errors([tenant(favicon='$TENANT_IMAGES/notes.txt')], [READER])) == 1


def test_a_token_role_must_be_declared_or_on_the_server():
    tenants = [tenant(tokens=[token(role='no-such-role'), token(name='ops', role='ops'), token(name='dash', role='read-only'),
                              token(name='by-id', role='a' * 24), token(name='tilde', role='~ops')])]
    declared = [READER, {'name': 'Read only'}]                      # read-only: the label derived from the name
    server = [{'id': 'a' * 24, 'label': 'legacy'}, {'id': 'b' * 24, 'label': 'ops'}]
    assert tenant_errors(tenants, declared, server) == [
        'Tenant acme, token gateway: role=no-such-role is neither in ubidots_api_roles nor on the server. '
        'Add it to ubidots_api_roles (or create it with ubidots.cloud.ubidots_org_role), or correct the role of the token.']
    # Without the server's roles only what can be checked locally is: undeclared roles are not reported.
    assert tenant_errors(tenants, declared) == []
    # With no role on the server, every undeclared one is reported.
    assert [e.split(': ')[1].split(' ')[0] for e in tenant_errors(tenants, declared, [])] == [
        'role=no-such-role', 'role=ops', 'role=aaaaaaaaaaaaaaaaaaaaaaaa', 'role=ops']


def test_api_roles_are_checked_too():
    roles = [{'name': 'Read only', 'label': 'read only'}, {'name': '!!!'}, dict(READER, permissions={'dashboards': ['read']}),
             {'name': 'Writer', 'permissions': {'devices': ['read', 'write']}}]
    assert tenant_errors([], roles) == [
        "API role read only: label='read only' is not a valid label: use 1 to 100 characters of A-Z a-z 0-9 _ . : -.",
        "API role !!!: label was left out and the one derived from name='!!!' ('') is not a valid label; "
        "set label (1 to 100 characters of A-Z a-z 0-9 _ . : -).",
        "API role reader: permissions: unknown entity 'dashboards'; use devices, variables, values, device_groups, events.",
        "API role Writer: permissions.devices: unknown action 'write'; use create, read, update, delete or all."]


def test_every_problem_of_every_tenant_is_reported_in_order(images):
    tenants = [tenant(label='bad label', favicon=images['missing'], tokens=[token(rate_limit=5, rate_limit_window=1)]),
               tenant(label='beta', tokens=[token(role='nope'), token(name='slow', rate_limit=7, rate_limit_window=60)])]
    errors = tenant_errors(tenants, [READER], [])
    assert [e.split(':')[0] for e in errors] == [
        'Tenant bad label', 'Tenant bad label', 'Tenant bad label, token gateway', 'Tenant beta, token gateway',
        'Tenant beta, token slow']
    assert 'favicon=%s cannot be read' % images['missing'] in errors[1]


def test_entries_that_are_not_dictionaries_are_named_by_position():
    assert tenant_errors(['acme'], ['reader']) == [
        "API role #1 of ubidots_api_roles is not a dictionary; got 'reader'.",
        "Tenant #1 of ubidots_tenants is not a dictionary; got 'acme'."]
    assert tenant_errors([{'name': 'no label'}]) == [
        "Tenant #1 of ubidots_tenants (no label, name no label): label=None is not a valid label: use 1 to 100 characters of A-Z a-z 0-9 _ . : -."]
    with pytest.raises(AnsibleFilterError, match='ubidots_tenants must be a list'):
        tenant_errors('acme')
    with pytest.raises(AnsibleFilterError, match='tokens of tenant acme must be a list'):
        tenant_errors([tenant(tokens={'name': 'gateway'})])


def test_undeclared_roles_lists_each_reference_once_sorted():
    tenants = [tenant(tokens=[token(role='ops'), token(name='b', role='read-only'), token(name='c', role='~reader')]),
               tenant(label='beta', tokens=[token(role='ops'), token(role='a' * 24)]), tenant(label='gamma', tokens=[]),
               {'label': 'delta'}]
    assert undeclared_roles(tenants, [READER, {'name': 'Read only'}]) == ['a' * 24, 'ops']
    assert undeclared_roles(tenants) == ['a' * 24, 'ops', 'read-only', '~reader']
    assert undeclared_roles(tenants, [READER, {'name': 'Read only'}, {'name': 'Ops', 'label': 'ops'}]) == ['a' * 24]
    assert undeclared_roles([]) == []


def test_the_tenant_spec_names_the_tenant_and_stops_its_other_checks(tenant_spec):
    tenants = [tenant(), tenant(label='beta', tokens=[token(rate_limit='many')]), {'name': 'Gamma Ltd', 'tokens': []},
               tenant(label='bad label', tokens='gateway')]
    errors = tenant_errors(tenants, [READER], tenant_spec=tenant_spec)
    assert re.match(r"Tenant beta: argument 'rate_limit' is of type (str|<class 'str'>) found in 'ubidots_tenant -> tokens'",
                    errors[0]), errors
    assert errors[1] == 'Tenant #3 of ubidots_tenants (no label, name Gamma Ltd): missing required arguments: label found in ubidots_tenant'
    # 'bad label' breaks a contract rule too, but the spec already refused the tenant: only the spec speaks.
    assert len(errors) > 2 and all(e.startswith('Tenant bad label: ') and 'valid label' not in e for e in errors[2:])
    assert any("option 'tokens'" in e for e in errors[2:]) and len(set(errors)) == len(errors), errors


def test_the_tenant_spec_refuses_unknown_options_and_accepts_the_role_examples(tenant_spec):
    # The wording of this message differs between ansible-core versions; the option and the supported ones are in all.
    errors = tenant_errors([tenant(colour='blue')], [READER], tenant_spec=tenant_spec)
    assert len(errors) == 1 and errors[0].startswith('Tenant acme: ') and 'colour' in errors[0], errors
    assert 'Supported parameters include: app, description, favicon, is_active, label, logo' in errors[0]
    full = tenant(description='d', properties={'tier': 'gold'}, purge_properties=False, is_active=True, app={},
                  tokens=[token(rate_limit=4, rate_limit_window=1, regenerate=False)])
    assert tenant_errors([full], [READER], tenant_spec=tenant_spec) == []
    # Without a spec nothing checks the types: the same unknown option passes.
    assert tenant_errors([tenant(colour='blue')], [READER]) == []


def test_duplicate_tenant_labels_and_token_names_are_named_once_each():
    tenants = [tenant(), tenant(), tenant(label='beta', tokens=[token(), token(), token(name='b'), token(name='b'), token()]),
               tenant(), tenant(label=2024), {'label': '2024'}]
    errors = tenant_errors(tenants, [READER])
    assert errors == ['More than one tenant has the label acme, 2024.',
                      'Tenant beta has more than one token named gateway, b.']
    assert tenant_errors([tenant(), tenant(label='beta')], [READER]) == []


def test_undeclared_roles_skips_tokens_that_are_not_a_list():
    # The spec check reports them; the role lookup that runs before it must not fail on them.
    assert undeclared_roles([tenant(tokens='ops'), tenant(label='beta', tokens=[token(role='ops')])], [READER]) == ['ops']


class YamlText(str):
    """Stands for the str subclass ansible-core 2.16 loads YAML text as (AnsibleUnicode)."""


def test_spec_messages_name_plain_types_whatever_class_the_values_have(tenant_spec):
    loaded = {YamlText('label'): YamlText('beta'),
              YamlText('tokens'): [{YamlText('name'): YamlText('gw'), YamlText('role'): YamlText('reader'),
                                    YamlText('rate_limit'): YamlText('many')}]}
    errors = tenant_errors([loaded], [READER], tenant_spec=tenant_spec)
    # ansible-core 2.16 writes the type as <class 'str'>, later versions as str; never as the subclass.
    assert len(errors) == 1 and re.search(r"argument 'rate_limit' is of type (str|<class 'str'>) found in "
                                          r"'ubidots_tenant -> tokens'", errors[0]), errors
    assert 'YamlText' not in errors[0]


def test_names_that_are_not_text_do_not_break_the_duplicate_checks(tenant_spec):
    # The spec takes any value for a str option (it converts its own copy), so the raw list reaches the filter.
    tenants = [tenant(tokens=[token(name=['a']), token(name=['a'])]), tenant(label=['x']), tenant(label=['x'])]
    errors = tenant_errors(tenants, [READER], tenant_spec=tenant_spec)
    assert not any('more than one' in e.lower() for e in errors), errors
    assert [e for e in errors if 'is not a string, so not a valid label' in e], errors


def test_one_validator_serves_every_tenant(tenant_spec):
    # The same spec validates many tenants in one call; a tenant's errors do not carry over to the next.
    tenants = [tenant(label='t%d' % n, tokens=[token(rate_limit='many')] if n % 2 else []) for n in range(6)]
    errors = tenant_errors(tenants, [READER], tenant_spec=tenant_spec)
    assert [e.split(':')[0] for e in errors] == ['Tenant t1', 'Tenant t3', 'Tenant t5'], errors


# --- issue 18: key_dir and empty token names, before the first write ------------------------------------------
def test_a_key_dir_that_is_a_file_is_refused_naming_the_variable(tmp_path):
    a_file = tmp_path / 'keys.txt'
    a_file.write_text('not a directory')
    assert tenant_errors([tenant()], [READER], key_dir=str(a_file)) == [
        'ubidots_key_dir=%s is not a directory. Give a directory this user can write to, or leave ubidots_key_dir empty '
        'to write no key file.' % a_file]


def test_a_key_dir_under_a_file_cannot_be_created(tmp_path):
    a_file = tmp_path / 'keys.txt'
    a_file.write_text('not a directory')
    problems = tenant_errors([tenant()], [READER], key_dir=str(a_file / 'deeper' / 'keys'))
    assert len(problems) == 1 and 'cannot be created: %s is not a directory' % a_file in problems[0]


@pytest.mark.parametrize('where', ['existing', 'to-create', 'empty'])
def test_a_usable_key_dir_passes(tmp_path, where):
    key_dir = {'existing': str(tmp_path), 'to-create': str(tmp_path / 'a' / 'b'), 'empty': ''}[where]
    assert tenant_errors([tenant()], [READER], key_dir=key_dir) == []


def test_an_empty_token_name_is_refused():
    assert tenant_errors([tenant(tokens=[token(name='')])], [READER]) == [
        "Tenant acme: a token has an empty name (name=''); give every token a name."]


# --- users -------------------------------------------------------------------------------------------------------
ALICE = {'username': 'alice', 'email': 'alice@acme.example', 'role': 'viewer', 'first_name': 'Alice'}


def test_a_user_in_several_tenants_is_one_user_with_the_fields_given_anywhere():
    tenants = [tenant(users=[ALICE, {'username': 'bob', 'role': 'viewer'}]),
               tenant(label='globex', users=[{'username': 'Alice', 'role': 'editor', 'last_name': 'Smith'}])]
    assert tenant_users(tenants) == [{'username': 'alice', 'email': 'alice@acme.example', 'first_name': 'Alice', 'last_name': 'Smith'},
                                     {'username': 'bob'}]
    assert tenant_users([tenant()]) == []


def test_account_fields_that_disagree_between_tenants_name_both(tenant_spec):
    tenants = [tenant(users=[ALICE]), tenant(label='globex', users=[dict(ALICE, email='alice@globex.example')])]
    assert tenant_errors(tenants, [READER], tenant_spec=tenant_spec) == [
        "User alice: email='alice@acme.example' in tenant acme but 'alice@globex.example' in tenant globex; give it once, "
        "or the same in every tenant."]
    agreeing = [tenant(users=[ALICE]), tenant(label='globex', users=[{'username': 'alice', 'role': 'viewer'}])]
    assert tenant_errors(agreeing, [READER], tenant_spec=tenant_spec) == []


def test_users_are_checked_with_the_modules_rules_and_their_roles_against_declared_builtin_and_server_roles(tenant_spec):
    users = [dict(ALICE, email='not-an-address'), {'username': 'testing-bob', 'role': 'viewer'},
             {'username': 'carol', 'role': 'support'}, {'username': 'dave', 'role': 'ops'}, {'username': 'Dave', 'role': 'viewer'}]
    problems = tenant_errors([tenant(users=users)], [READER], tenant_spec=tenant_spec, user_roles=[{'name': 'Support'}],
                             server_user_roles=[{'label': 'editor'}])
    assert problems == [
        'Tenant acme lists the user dave more than once.',
        "Tenant acme, user alice: email='not-an-address' is not an e-mail address such as name@example.com.",
        'Tenant acme, user testing-bob: username=testing-bob must not start with "testing" (in any case): the API refuses it.',
        'Tenant acme, user dave: role=ops is neither built in, nor in ubidots_user_roles, nor on the server. Add it to '
        'ubidots_user_roles, or correct the role of the user.']
    # Without the server's roles (not read: every role is declared or built in), no role is called unknown.
    assert tenant_errors([tenant(users=[{'username': 'dave', 'role': 'ops'}])], [READER], tenant_spec=tenant_spec) == []


def test_user_roles_are_checked_like_api_roles_with_their_own_permissions():
    problems = tenant_errors([], user_roles=[{'name': 'Support', 'permissions': {'nope': ['view']}}, 'oops'])
    assert len(problems) == 2 and problems[0].startswith('User role Support: ') and 'nope' in problems[0]
    assert problems[1] == "User role #2 of ubidots_user_roles is not a dictionary; got 'oops'."


def test_undeclared_user_roles_leave_out_the_built_in_and_declared_ones():
    tenants = [tenant(users=[ALICE, {'username': 'bob', 'role': 'support'}, {'username': 'carol', 'role': 'ops'}])]
    assert undeclared_roles(tenants, [{'name': 'Support'}], of='users') == ['ops']
    assert undeclared_roles(tenants, [READER]) == []


def test_the_tenant_spec_knows_users(tenant_spec):
    bad = tenant(users=[{'username': 'alice'}], users_exclusive='sometimes')
    problems = tenant_errors([bad], [READER], tenant_spec=tenant_spec)
    assert any('role' in p for p in problems) and any('users_exclusive' in p for p in problems)
