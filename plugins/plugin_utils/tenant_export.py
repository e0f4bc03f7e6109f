# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What playbooks/export.yml (filters export_selection and tenants_export) turns the _info results of an account
into - a tenants file in the format ubidots.cloud.tenant_bootstrap reads, and the list of images to save
beside it.

The file carries what bootstrap can write back; whatever it cannot carry is named in its opening comment, never left
out silently. Fields at the API's default are left out (a new organization, user or token gets them anyway), so a
file exported from an account, bootstrapped into an empty one and exported again comes out the same."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import posixpath
import re
import textwrap

from collections.abc import Mapping

import yaml

from ansible.errors import AnsibleFilterError
from ansible.utils.unsafe_proxy import wrap_var

from ansible_collections.ubidots.cloud.plugins.module_utils import contract
from ansible_collections.ubidots.cloud.plugins.plugin_utils.in_process import as_module_arguments

# Extensions of the image files the API serves, by the end of their URL; anything else is saved without one.
IMAGE_EXTENSIONS = ('png', 'jpg', 'jpeg', 'gif', 'ico', 'svg')
# Text Ansible would template when it reads the file back; such strings are written as !unsafe.
TEMPLATE_MARKERS = re.compile(r'{{|{%|{#')
# The account-level fields of a user the tenants file carries: result key -> its default on the server.
USER_FIELDS = (('first_name', ''), ('last_name', ''), ('is_active', True), ('tags', []), ('properties', {}))

HEADER = """\
Tenants exported from a Ubidots account by playbooks/export.yml (ubidots.cloud), in the format of
ubidots.cloud.tenant_bootstrap: ansible-playbook ubidots.cloud.bootstrap -e ubidots_tenants_file=<this file>
Selection: {selection}.
Fields at the API's default are left out; a new organization, token or user gets them anyway.
API roles and user roles: only those the exported tokens and memberships use (the others are listed below).
favicon and logo paths are relative to this file's directory: run bootstrap from there.

Not carried by this file:
- token keys: never exported. Bootstrap into another account makes new tokens with new keys
  (written to ubidots_key_dir); in this account the tokens keep theirs.
- user passwords: never exported. Give them in ubidots_user_passwords (a vaulted mapping), or let
  bootstrap generate the passwords of new users into ubidots_key_dir.
- set by the server: ids, urls and createdAt of every object; the counters and limits of organizations
  (devicesCount, usersCount, limits); users' lastLogin and properties.password_update_timestamp;
  the isActive and permissionsCount of user roles."""


def _text(value, what):
    if value is not None and not isinstance(value, str):
        raise AnsibleFilterError('%s must be a string; got %r.' % (what, value))
    return value or None


def _list(value, what):
    if value is None:
        return []
    if isinstance(value, (Mapping, str)) or not hasattr(value, '__iter__'):
        raise AnsibleFilterError('%s must be a list of the results of an _info module; got %r.' % (what, value))
    return as_module_arguments(list(value))


def _selection_text(label_prefix, app):
    parts = []
    if label_prefix:
        parts.append('labels starting with %s' % label_prefix)
    if app:
        parts.append('app %s' % app)
    return ' and '.join(parts) or 'every organization of the account'


def export_selection(organizations, label_prefix=None, app=None):
    """The organizations of ORGANIZATIONS (ubidots_organization_info results) whose label starts with LABEL_PREFIX and
    whose app is APP (an id or a label), sorted by label; an error naming the selection when a selection matches none."""
    label_prefix = _text(label_prefix, 'ubidots_export_label_prefix')
    app = _text(app, 'ubidots_export_app')
    selected = [org for org in _list(organizations, 'organizations')
                if (not label_prefix or org.get('label', '').startswith(label_prefix))
                and (not app or contract.matches_reference(app, org.get('app')))]
    if not selected and (label_prefix or app):
        given = ['%s=%s' % (name, value) for name, value in (('ubidots_export_label_prefix', label_prefix),
                                                             ('ubidots_export_app', app)) if value]
        raise AnsibleFilterError('No organization of the account matches %s; nothing was exported.' % ' and '.join(given))
    return sorted(selected, key=lambda org: org.get('label'))


def _image_path(image_dir, label, field, url):
    extension = posixpath.splitext(url.split('?', 1)[0])[1].lstrip('.').lower()
    name = '%s-%s' % (label, field) + ('.' + extension if extension in IMAGE_EXTENSIONS else '')
    return posixpath.join(image_dir, name) if image_dir else name


def _organization_entry(org, image_dir, images):
    entry = {'label': org['label'], 'name': org.get('name', org['label'])}
    if org.get('description'):
        entry['description'] = org['description']
    if org.get('properties'):
        entry['properties'] = org['properties']
    if org.get('is_active') is False:
        entry['is_active'] = False
    if org.get('app'):
        entry['app'] = org['app'].get('label') or org['app'].get('id')
    for field in contract.ORGANIZATION_IMAGE_FIELDS:
        url = (org.get(field) or {}).get(contract.IMAGE_RAW_RENDITION)
        if url:
            entry[field] = _image_path(image_dir, org['label'], field, url)
            images.append({'url': url, 'path': entry[field], 'organization': org['label'], 'field': field})
    return entry


def _token_entries(label, tokens, notes):
    """One entry per token name (the role names a token by its name; the API does not keep names unique): the oldest
    token of a name is written, and a name several tokens share is named in the notes."""
    entries, shared = {}, {}
    for token in sorted(tokens, key=lambda t: (t.get('name'), t.get('created_at') or '')):
        shared.setdefault(token['name'], []).append(token.get('id'))
        entries.setdefault(token['name'], {'name': token['name'], 'role': (token.get('api_role') or {}).get('label'),
                                           'rate_limit': token.get('rate_limit'),
                                           'rate_limit_window': token.get('rate_limit_window')})
    for name, ids in sorted(shared.items()):
        if len(ids) > 1:
            notes.append('tokens %s:%s: %d tokens share the name (ids %s); the file holds the oldest, and bootstrap refuses '
                         'a name two tokens share: delete or rename the others first.' % (label, name, len(ids), ', '.join(ids)))
    return list(entries.values())


def _role_entry(role, encode, kind, notes):
    entry = {'name': role['name'], 'label': role['label']}
    if role.get('description'):
        entry['description'] = role['description']
    entry['permissions'] = role.get('permissions') or {}
    unreadable = sorted(set(role.get('permission_codenames') or []) - set(encode(entry['permissions'])))
    if unreadable:
        notes.append('%s %s: permissions the readable form has no word for: %s.' % (kind, role['label'], ', '.join(unreadable)))
    return entry


def _user_fields(user):
    fields = {'username': user['username'], 'email': user.get('email')}
    for field, default in USER_FIELDS:
        value = user.get(field)
        if field == 'properties':
            value = dict((k, v) for k, v in (value or {}).items() if k not in contract.SERVER_USER_PROPERTIES)
        if value is not None and value != default:
            fields[field] = value
    return fields


def _users_by_tenant(users, labels, everything, notes):
    """{tenant label: [user entries]} of the members of the exported tenants, and the user roles they use. A user who
    is a member of no organization cannot be carried (a tenant's users are its members): named when exporting
    EVERYTHING; with a selection, users outside it are as out of scope as its organizations."""
    members, used_roles = dict((label, []) for label in labels), set()
    for user in sorted(users, key=lambda u: u['username'].lower()):
        memberships = [m for m in user.get('organizations') or [] if m.get('organization') in members]
        if not memberships:
            if everything:
                notes.append('user %s: a member of no organization, so of no tenant.' % user['username'])
            continue
        for membership in memberships:
            fields = _user_fields(user)
            entry = {'username': fields.pop('username'), 'email': fields.pop('email'), 'role': membership['role']}
            entry.update(fields)
            members[membership['organization']].append(entry)
            used_roles.add(membership['role'])
        default = (user.get('default_organization') or {}).get('label')
        if default:
            notes.append('user %s: default organization %s (a tenants file has no field for it).' % (user['username'], default))
    return members, used_roles


def _unused(roles, used, kind, notes):
    unused = sorted(role['label'] for role in roles if role['label'] not in used)
    if unused:
        user = 'token' if kind == 'API roles' else 'membership'
        notes.append('%s that no exported %s uses: %s.' % (kind, user, ', '.join(unused)))


def _tenants(organizations, tokens, image_dir, notes):
    images, tenants = [], []
    for org in organizations:
        entry = _organization_entry(org, image_dir, images)
        entry_tokens = _token_entries(org['label'], [t for t in tokens if (t.get('organization') or {}).get('label') == org['label']],
                                      notes)
        if entry_tokens:
            entry['tokens'] = entry_tokens
        tenants.append(entry)
    return tenants, images


def tenants_export(organizations, tokens=None, api_roles=None, users=None, user_roles=None, label_prefix=None, app=None,
                   image_dir='images', include_users=True):
    """The tenants file of the selected ORGANIZATIONS (export_selection) with their TOKENS, the API_ROLES and non-built-in
    USER_ROLES they use, and the members (USERS read with their memberships) of each; see tenant_export.yml."""
    organizations = _list(organizations, 'organizations')
    tokens, api_roles = _list(tokens, 'tokens'), _list(api_roles, 'api_roles')
    users, user_roles = _list(users, 'users'), _list(user_roles, 'user_roles')
    image_dir = _text(image_dir, 'image_dir')
    notes = []
    tenants, images = _tenants(organizations, tokens, image_dir, notes)
    used_api_roles = set(token['role'] for tenant in tenants for token in tenant.get('tokens', []))
    data = {'ubidots_api_roles': [_role_entry(role, contract.permissions_to_codenames, 'API role', notes)
                                  for role in sorted(api_roles, key=lambda r: r['label']) if role['label'] in used_api_roles]}
    _unused(api_roles, used_api_roles, 'API roles', notes)
    if include_users:
        members, used_user_roles = _users_by_tenant(users, [t['label'] for t in tenants], not (label_prefix or app), notes)
        for tenant in tenants:
            if members[tenant['label']]:
                tenant['users'] = members[tenant['label']]
        own_roles = [role for role in user_roles if role['label'] not in contract.BUILTIN_USER_ROLES]
        data['ubidots_user_roles'] = [_role_entry(role, contract.user_permissions_to_codenames, 'user role', notes)
                                      for role in sorted(own_roles, key=lambda r: r['label']) if role['label'] in used_user_roles]
        _unused(own_roles, used_user_roles, 'user roles', notes)
    else:
        notes.append('users, user roles and memberships: not exported (ubidots_export_users=false).')
    data['ubidots_tenants'] = tenants
    # Unsafe: descriptions may hold text that looks like a template; it is written as it is.
    return {'content': wrap_var(render(data, _selection_text(label_prefix, app), notes)), 'images': images,
            'tenants': [tenant['label'] for tenant in tenants], 'notes': notes}


class _Dumper(yaml.SafeDumper):
    """Block style with sequences indented under their key, as the rest of the collection's YAML (yamllint)."""

    def increase_indent(self, flow=False, indentless=False):
        return super(_Dumper, self).increase_indent(flow, False)

    def ignore_aliases(self, data):
        return True  # a user in two tenants is written out twice, never as an anchor and an alias


def _represent_text(dumper, value):
    if TEMPLATE_MARKERS.search(value):  # read back by include_vars, it must stay text, never be templated
        return dumper.represent_scalar('!unsafe', value, style='"')
    return dumper.represent_str(value)


def _represent_list(dumper, value):
    """A list of plain values (permission actions, tags) on one line: ``[create, read]``."""
    flat = bool(value) and all(isinstance(item, (str, int, float, bool)) for item in value)
    return dumper.represent_sequence('tag:yaml.org,2002:seq', value, flow_style=flat or None)


_Dumper.add_representer(str, _represent_text)
_Dumper.add_representer(list, _represent_list)


def _block(key, value):
    return yaml.dump({key: value}, Dumper=_Dumper, default_flow_style=False, sort_keys=False, allow_unicode=True, width=110)


def render(data, selection, notes):
    """The text of a tenants file: the comment (what it is, what it cannot carry), then DATA as YAML."""
    comment = HEADER.format(selection=selection).splitlines()
    for note in notes:
        comment += textwrap.wrap(note, 110, initial_indent='- ', subsequent_indent='  ', break_on_hyphens=False)
    body = '\n'.join(_block(key, value) for key, value in data.items())  # a blank line between the top-level keys
    return '---\n' + ''.join('# %s\n' % line if line else '#\n' for line in comment) + '\n' + body
