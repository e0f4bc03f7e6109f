# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The filters export_selection and tenants_export: an account, as the _info modules read it, as a tenants file."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

import pytest
import yaml

from ansible.errors import AnsibleFilterError

from ansible_collections.ubidots.cloud.plugins.filter.tenant_checks import tenant_errors
from ansible_collections.ubidots.cloud.plugins.filter.tenant_export import FilterModule
from ansible_collections.ubidots.cloud.plugins.plugin_utils.tenant_export import export_selection, tenants_export

BASE = 'https://industrial.api.ubidots.com'
APP = {'id': '5dfa39901a9ca53020c6938d', 'label': 'my_application', 'name': 'App', 'url': BASE + '/api/v2.0/apps/x'}
PNG = b'\x89PNG\r\n\x1a\n' + b'\x00' * 16
ROLE_SPECS = os.path.join(os.path.dirname(__file__), '..', '..', '..', '..', 'roles', 'tenant_bootstrap', 'meta',
                          'argument_specs.yml')


def org(label, **fields):
    """An organization as ubidots_organization_info returns it, server-set fields included."""
    return dict({'id': label.ljust(24, '0')[:24], 'url': BASE + '/x', 'label': label, 'name': label, 'description': '',
                 'properties': {}, 'is_active': True, 'app': None, 'favicon': None, 'logo': None,
                 'created_at': '2026-01-01T00:00:00.000000Z', 'devices_count': 3, 'users_count': 1, 'limits': []}, **fields)


def image(name):
    return {'h36': BASE + '/media/1/h36.png', 'h50': BASE + '/media/1/h50.png', 'raw': BASE + '/media/1/' + name}


def token(organization, name, role='reader', limit=4, window=1, created='2026-01-01T00:00:00.000000Z', token_id='t' * 24):
    return {'id': token_id, 'url': BASE + '/t', 'name': name, 'key_fingerprint': 'sha256:0123456789ab', 'rate_limit': limit,
            'rate_limit_window': window, 'created_at': created, 'api_role': {'id': 'r' * 24, 'label': role, 'name': role},
            'organization': {'id': 'o' * 24, 'label': organization, 'name': organization}}


def api_role(label, permissions=None, codenames=None, **fields):
    permissions = {'devices': ['read']} if permissions is None else permissions
    return dict({'id': 'r' * 24, 'url': BASE + '/r', 'label': label, 'name': label.title(), 'description': '',
                 'permissions': permissions, 'permission_codenames': codenames or ['view_device'],
                 'created_at': '2026-01-01T00:00:00.000000Z'}, **fields)


def user_role(label, builtin=False):
    return {'url': BASE + '/roles/' + label, 'label': label, 'name': label.title(), 'description': 'Help desk',
            'permissions': {'dashboards': ['read']}, 'permission_codenames': ['view_dashboard'], 'builtin': builtin,
            'is_active': True, 'permissions_count': 1, 'created_at': '2026-01-01T00:00:00.000000Z'}


def user(username, memberships, **fields):
    """A user as ubidots_user_info returns it with include_memberships."""
    return dict({'id': 'u' * 24, 'url': BASE + '/u', 'username': username, 'email': username + '@example.com',
                 'first_name': '', 'last_name': '', 'is_active': True, 'tags': [], 'default_organization': None,
                 'properties': {'password_update_timestamp': 1764000000000}, 'last_login': None,
                 'created_at': '2026-01-01T00:00:00.000000Z',
                 'organizations': [{'organization': o, 'role': r} for o, r in memberships]}, **fields)


def load(content):
    """The file as include_vars reads it (!unsafe strings as plain text)."""
    class Loader(yaml.SafeLoader):
        pass
    Loader.add_constructor('!unsafe', lambda loader, node: loader.construct_scalar(node))
    return yaml.load(content, Loader=Loader)  # noqa: S506 - a SafeLoader with one more tag


@pytest.fixture(scope='module')
def tenant_spec():
    with open(ROLE_SPECS) as handle:
        return yaml.safe_load(handle)['argument_specs']['tenant']['options']['ubidots_tenant']


def test_both_filters_are_registered():
    assert FilterModule().filters() == {'export_selection': export_selection, 'tenants_export': tenants_export}


# --- selection ------------------------------------------------------------------------------------
def test_selection_by_prefix_by_app_by_both_sorted_by_label():
    orgs = [org('globex', app=APP), org('acme-lab'), org('acme', app=APP)]
    assert [o['label'] for o in export_selection(orgs)] == ['acme', 'acme-lab', 'globex']
    assert [o['label'] for o in export_selection(orgs, 'acme')] == ['acme', 'acme-lab']
    assert [o['label'] for o in export_selection(orgs, '', 'my_application')] == ['acme', 'globex']
    assert [o['label'] for o in export_selection(orgs, None, APP['id'])] == ['acme', 'globex']
    assert [o['label'] for o in export_selection(orgs, 'acme', '~my_application')] == ['acme']


def test_a_selection_of_none_names_the_variables_and_values():
    with pytest.raises(AnsibleFilterError, match='ubidots_export_label_prefix=acme- and ubidots_export_app=other; nothing'):
        export_selection([org('acme', app=APP)], 'acme-', 'other')
    with pytest.raises(AnsibleFilterError, match=r'matches ubidots_export_app=other; nothing was exported\.$'):
        export_selection([org('acme', app=APP)], '', 'other')
    assert export_selection([]) == []  # an empty account, all of it: an empty file, not an error


def test_selection_refuses_what_is_not_text_or_a_list():
    with pytest.raises(AnsibleFilterError, match='ubidots_export_label_prefix must be a string; got 3'):
        export_selection([], 3)
    with pytest.raises(AnsibleFilterError, match='organizations must be a list'):
        export_selection({'label': 'acme'})


# --- the file -------------------------------------------------------------------------------------
def test_fields_at_their_default_are_left_out_and_the_others_kept():
    orgs = [org('acme', name='ACME', description='Cold chain', properties={'tier': 'gold'}, is_active=False, app=APP),
            org('beta')]
    data = load(tenants_export(orgs)['content'])
    assert data['ubidots_tenants'] == [
        {'label': 'acme', 'name': 'ACME', 'description': 'Cold chain', 'properties': {'tier': 'gold'}, 'is_active': False,
         'app': 'my_application'},
        {'label': 'beta', 'name': 'beta'}]


def test_images_are_named_by_tenant_and_field_with_the_extension_of_their_url():
    export = tenants_export([org('acme', favicon=image('raw.png'), logo=image('raw')), org('b', logo=image('raw.SVG?v=2'))],
                            image_dir='pics')
    assert export['images'] == [
        {'url': BASE + '/media/1/raw.png', 'path': 'pics/acme-favicon.png', 'organization': 'acme', 'field': 'favicon'},
        {'url': BASE + '/media/1/raw', 'path': 'pics/acme-logo', 'organization': 'acme', 'field': 'logo'},
        {'url': BASE + '/media/1/raw.SVG?v=2', 'path': 'pics/b-logo.svg', 'organization': 'b', 'field': 'logo'}]
    tenants = load(export['content'])['ubidots_tenants']
    assert (tenants[0]['favicon'], tenants[0]['logo'], tenants[1]['logo']) == ('pics/acme-favicon.png', 'pics/acme-logo', 'pics/b-logo.svg')
    assert tenants_export([org('acme', favicon=image('raw.png'))], image_dir='')['images'][0]['path'] == 'acme-favicon.png'


def test_tokens_by_name_with_role_and_rate_limit_never_a_key_or_fingerprint():
    tokens = [token('acme', 'gateway', 'writer', 30, 60), token('acme', 'dashboards'), token('beta', 'other')]
    export = tenants_export([org('acme')], tokens, [api_role('reader'), api_role('writer')])
    assert load(export['content'])['ubidots_tenants'][0]['tokens'] == [
        {'name': 'dashboards', 'role': 'reader', 'rate_limit': 4, 'rate_limit_window': 1},
        {'name': 'gateway', 'role': 'writer', 'rate_limit': 30, 'rate_limit_window': 60}]
    assert 'sha256' not in export['content'] and 't' * 24 not in export['content']


def test_a_name_two_tokens_share_keeps_the_oldest_and_is_named():
    tokens = [token('acme', 'gateway', limit=2, created='2026-02-01T00:00:00.000000Z', token_id='b' * 24),
              token('acme', 'gateway', limit=1, created='2026-01-01T00:00:00.000000Z', token_id='a' * 24)]
    export = tenants_export([org('acme')], tokens, [api_role('reader')])
    assert [t['rate_limit'] for t in load(export['content'])['ubidots_tenants'][0]['tokens']] == [1]
    assert export['notes'] == ['tokens acme:gateway: 2 tokens share the name (ids %s, %s); the file holds the oldest, and '
                               'bootstrap refuses a name two tokens share: delete or rename the others first.' % ('a' * 24, 'b' * 24)]
    assert '# - tokens acme:gateway: 2 tokens share the name' in export['content']


def test_only_the_api_roles_the_tokens_use_the_others_named():
    roles = [api_role('writer', {'devices': ['create', 'read']}, ['add_device', 'view_device'], description='Gateways'),
             api_role('reader'), api_role('unused'), api_role('spare')]
    export = tenants_export([org('acme')], [token('acme', 'a', 'writer'), token('acme', 'b', 'reader')], roles)
    assert load(export['content'])['ubidots_api_roles'] == [
        {'name': 'Reader', 'label': 'reader', 'permissions': {'devices': ['read']}},
        {'name': 'Writer', 'label': 'writer', 'description': 'Gateways', 'permissions': {'devices': ['create', 'read']}}]
    assert export['notes'] == ['API roles that no exported token uses: spare, unused.']


def test_permissions_without_a_readable_word_are_named():
    role = api_role('odd', {'devices': ['read']}, ['view_device', 'view_gadget'])
    export = tenants_export([org('acme')], [token('acme', 'a', 'odd')], [role])
    assert export['notes'] == ['API role odd: permissions the readable form has no word for: view_gadget.']


def test_users_per_tenant_with_their_role_and_fields_never_a_password_or_server_field():
    users = [user('alice', [('acme', 'support'), ('beta', 'viewer')], first_name='Alice', tags=['eu'],
                  properties={'team': 'ops', 'password_update_timestamp': 1}, default_organization={'label': 'acme'}),
             user('Bob', [('acme', 'dashboards-viewer')], is_active=False),
             user('carol', [])]
    roles = [user_role('support'), user_role('auditor'), user_role('viewer', builtin=True)]
    export = tenants_export([org('acme'), org('beta')], users=users, user_roles=roles)
    data = load(export['content'])
    alice = {'username': 'alice', 'email': 'alice@example.com', 'first_name': 'Alice', 'tags': ['eu'], 'properties': {'team': 'ops'}}
    assert [t['users'] for t in data['ubidots_tenants']] == [
        [dict(alice, role='support'), {'username': 'Bob', 'email': 'Bob@example.com', 'role': 'dashboards-viewer', 'is_active': False}],
        [dict(alice, role='viewer')]]
    assert data['ubidots_user_roles'] == [
        {'name': 'Support', 'label': 'support', 'description': 'Help desk', 'permissions': {'dashboards': ['read']}}]
    assert export['notes'] == ['user alice: default organization acme (a tenants file has no field for it).',
                               'user carol: a member of no organization, so of no tenant.',
                               'user roles that no exported membership uses: auditor.']
    assert 'password_update_timestamp: 1' not in export['content'] and '&id' not in export['content']


def test_with_a_selection_users_outside_it_are_out_of_scope():
    users = [user('alice', [('acme', 'viewer')]), user('dave', [('other', 'viewer')]), user('carol', [])]
    export = tenants_export([org('acme')], users=users, label_prefix='ac')
    assert [u['username'] for u in load(export['content'])['ubidots_tenants'][0]['users']] == ['alice']
    assert export['notes'] == [] and 'Selection: labels starting with ac.' in export['content']


def test_without_users_the_file_says_so():
    export = tenants_export([org('acme')], users=[user('alice', [('acme', 'viewer')])], include_users=False)
    data = load(export['content'])
    assert 'ubidots_user_roles' not in data and 'users' not in data['ubidots_tenants'][0]
    assert export['notes'] == ['users, user roles and memberships: not exported (ubidots_export_users=false).']


def test_text_that_looks_like_a_template_is_written_unsafe():
    export = tenants_export([org('acme', description='Uses {{ x }} and {% raw %}', properties={'note': '{# hi #}'})])
    assert 'description: !unsafe "Uses {{ x }} and {% raw %}"' in export['content']
    assert "note: !unsafe" in export['content']
    assert load(export['content'])['ubidots_tenants'][0]['description'] == 'Uses {{ x }} and {% raw %}'


def test_the_file_starts_with_what_it_cannot_carry_and_keeps_lines_short():
    export = tenants_export([org('acme')], [token('acme', 'a' * 100)], [api_role('reader', description='d ' * 80)])
    lines = export['content'].splitlines()
    assert lines[0] == '---' and all(line.startswith('#') or not line for line in lines[1:lines.index('ubidots_api_roles:')])
    for words in ('token keys: never exported', 'user passwords: never exported', 'ids, urls and createdAt',
                  'password_update_timestamp', 'Selection: every organization of the account.'):
        assert words in export['content']
    assert max(len(line) for line in lines) <= 160


def test_an_exported_file_passes_the_bootstrap_input_check(tenant_spec, tmp_path, monkeypatch):
    """What bootstrap reads back: favicon and logo relative to the file's directory, where bootstrap runs."""
    orgs = [org('acme', description='x', app=APP, favicon=image('raw.png')), org('beta', is_active=False)]
    tokens = [token('acme', 'gateway', 'writer', 30, 60), token('beta', 'reports', 'reader', 90, 3600)]
    export = tenants_export(orgs, tokens, [api_role('reader'), api_role('writer', {'values': ['create']}, ['add_value'])],
                            include_users=False)
    monkeypatch.chdir(tmp_path)
    for item in export['images']:
        os.makedirs(os.path.dirname(item['path']), exist_ok=True)
        (tmp_path / item['path']).write_bytes(PNG)
    data = load(export['content'])
    assert tenant_errors(data['ubidots_tenants'], data['ubidots_api_roles'], None, tenant_spec=tenant_spec) == []


def test_info_results_must_be_lists():
    with pytest.raises(AnsibleFilterError, match='tokens must be a list of the results of an _info module'):
        tenants_export([], tokens={'tokens': []})
