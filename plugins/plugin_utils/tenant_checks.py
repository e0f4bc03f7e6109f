# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What tenant_bootstrap refuses before any write, by the rules of module_utils/contract.py, so the role refuses what the
modules would, only earlier; and its users once each. The filters tenant_errors, undeclared_roles and tenant_users
(plugins/filter/tenant_checks.py, documented beside it)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

from collections.abc import Mapping

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.ubidots.cloud.plugins.module_utils import contract
from ansible_collections.ubidots.cloud.plugins.module_utils.key_files import folder_error
# Plain values, as a module gets them (the validator names a value's class in its messages).
from ansible_collections.ubidots.cloud.plugins.plugin_utils.in_process import as_module_arguments

KEY_DIR_ADVICE = 'Give a directory this user can write to, or leave ubidots_key_dir empty to write no key file.'
UNKNOWN_USER_ROLE = ('role=%s is neither built in, nor in ubidots_user_roles, nor on the server. Add it to ubidots_user_roles, '
                     'or correct the role of the user.')
USER_FIELDS = ('email', 'first_name', 'last_name', 'is_active', 'tags', 'properties')  # account-level: one value per user
UNKNOWN_ROLE = ('role=%s is neither in ubidots_api_roles nor on the server. Add it to ubidots_api_roles '
                '(or create it with ubidots.cloud.ubidots_org_role), or correct the role of the token.')


def _list(value, what):
    if value is not None and (isinstance(value, (Mapping, str)) or not hasattr(value, '__iter__')):
        raise AnsibleFilterError('%s must be a list; got %r.' % (what, value))
    return list(value or [])


def _text(value):
    """A number as its text, as a ``type: str`` option makes it (the role's spec converts only its own copy)."""
    return str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


def _integer(value):
    try:
        return value if value is None or isinstance(value, bool) else int(value)
    except (TypeError, ValueError):
        return value


def _repeated(values):
    """The values that occur more than once, each once."""
    values = list(values)
    return list(dict.fromkeys(value for index, value in enumerate(values) if value in values[:index]))


def _declared(roles):
    """The labels the roles of ubidots_api_roles will be known by once ensured: given, or derived from the name."""
    labels = [_text(role.get('label')) for role in roles if isinstance(role, Mapping)]
    names = [_text(role.get('name')) for role in roles if isinstance(role, Mapping)]
    return [{'label': contract.label_from_name(name) if label is None and isinstance(name, str) else label}
            for label, name in zip(labels, names)]


def _role_errors(index, role, kind='API', encode=contract.permissions_to_codenames):
    if not isinstance(role, Mapping):
        return ['%s role #%d of ubidots_%s_roles is not a dictionary; got %r.' % (kind, index + 1, kind.lower(), role)]
    name, label = _text(role.get('name')), _text(role.get('label'))
    problems = [contract.label_error('label', label) if label is not None else
                contract.derived_label_error(name) if isinstance(name, str) else None]
    try:
        if role.get('permissions') is not None:
            encode(role['permissions'])
    except ValueError as exc:
        problems.append(str(exc))
    return ['%s role %s: %s' % (kind, label if isinstance(label, str) and label else name, p) for p in problems if p]


def _image_error(option, path):
    try:
        with open(os.path.expanduser(os.path.expandvars(path)), 'rb') as handle:   # as the 'path' type expands it
            data = handle.read(64)    # enough for every signature of contract.IMAGE_SIGNATURES
    except (IOError, OSError) as exc:
        return ('%s=%s cannot be read (%s). Give the path of an image file on the host that runs the role.'
                % (option, path, exc.strerror or exc))
    if contract.image_media_type(data) is None:
        return '%s=%s is not %s image (checked by its first bytes). Give the path of an image file.' % (
            option, path, contract.IMAGE_FORMATS_TEXT)
    return None


def _token_errors(tenant, token, declared, server_roles):
    if not isinstance(token, Mapping):
        return ['Tenant %s: a token is not a dictionary; got %r.' % (tenant, token)]
    name = _text(token.get('name'))
    empty = isinstance(name, str) and not name.strip()
    # The rate limit pair as ubidots_org_token checks it when it creates the token, as on a first run.
    problems = [contract.new_token_rate_limit_error(_integer(token.get('rate_limit')), _integer(token.get('rate_limit_window')))]
    role = _text(token.get('role'))
    if isinstance(role, str) and role and server_roles is not None \
            and not any(contract.matches_reference(role, known) for known in declared + server_roles):
        problems.append(UNKNOWN_ROLE % role.lstrip('~'))
    empty = ['Tenant %s: a token has an empty name (name=%r); give every token a name.' % (tenant, name)] if empty else []
    return empty + ['Tenant %s, token %s: %s' % (tenant, name, p) for p in problems if p]


def _tenant_name(index, tenant):
    """How messages name a tenant: its label, else its place in the list (and its name, when it has one)."""
    label, name = _text(tenant.get('label')), _text(tenant.get('name'))
    if isinstance(label, str) and label:
        return label
    notes = (['no label'] if label is None else []) + (['name %s' % name] if isinstance(name, str) else [])
    return '#%d of ubidots_tenants%s' % (index + 1, ' (%s)' % ', '.join(notes) if notes else '')


def _user_errors(tenant, user, known_roles):
    if not isinstance(user, Mapping):
        return ['Tenant %s: a user is not a dictionary; got %r.' % (tenant, user)]
    username, role = _text(user.get('username')), _text(user.get('role'))
    problems = [contract.username_error(username), contract.email_error(_text(user.get('email')))]
    if known_roles is not None and role not in known_roles:
        problems.append(UNKNOWN_USER_ROLE % role)
    return ['Tenant %s, user %s: %s' % (tenant, username, p) for p in problems if p]


def _disagreements(tenants):
    """A user listed in several tenants is one account user: her account-level fields must agree where given."""
    given = {}
    for tenant in tenants:
        for user in tenant.get('users') or []:
            for field in (f for f in USER_FIELDS if user.get(f) is not None):
                given.setdefault((user['username'].lower(), field), []).append((tenant['label'], user['username'], user[field]))
    errors = []
    for (username, field), values in given.items():
        other = next((value for value in values if value[2] != values[0][2]), None)
        if other:
            errors.append('User %s: %s=%r in tenant %s but %r in tenant %s; give it once, or the same in every tenant.'
                          % (values[0][1], field, values[0][2], values[0][0], other[2], other[0]))
    return errors


def _tenant_errors(name, tenant, declared, server_roles, known_user_roles=None):
    images = [(option, _text(tenant.get(option))) for option in contract.ORGANIZATION_IMAGE_FIELDS]
    problems = [contract.label_error('label', _text(tenant.get('label')))] + [   # an empty path removes the image
        _image_error(option, path) for option, path in images if isinstance(path, str) and path]
    errors = ['Tenant %s: %s' % (name, problem) for problem in problems if problem]
    tokens = _list(tenant.get('tokens'), 'tokens of tenant %s' % name)
    # Text only: the spec passes any value for a str option (it converts its own copy), and lists are unhashable.
    twins = _repeated(n for n in (_text(t.get('name')) for t in tokens if isinstance(t, Mapping)) if isinstance(n, str))
    if twins:
        errors.append('Tenant %s has more than one token named %s.' % (name, ', '.join(twins)))
    users = _list(tenant.get('users'), 'users of tenant %s' % name)
    twins = _repeated(str(u.get('username')).lower() for u in users if isinstance(u, Mapping))
    if twins:
        errors.append('Tenant %s lists the user %s more than once.' % (name, ', '.join(twins)))
    return errors + [error for token in tokens for error in _token_errors(name, token, declared, server_roles)] + [
        error for user in users for error in _user_errors(name, user, known_user_roles)]


def tenant_errors(tenants, api_roles=None, server_roles=None, tenant_spec=None, key_dir=None, user_roles=None, server_user_roles=None):
    """Every problem of TENANTS, API_ROLES, USER_ROLES and KEY_DIR, as messages; a tenant TENANT_SPEC refuses gets only
    its messages."""
    roles, people_roles = _list(api_roles, 'ubidots_api_roles'), _list(user_roles, 'ubidots_user_roles')
    errors = [folder_error('ubidots_key_dir', str(key_dir), KEY_DIR_ADVICE)] if key_dir else []
    errors = [error for error in errors if error] + [error for index, role in enumerate(roles) for error in _role_errors(index, role)]
    errors += [error for index, role in enumerate(people_roles)
               for error in _role_errors(index, role, 'User', contract.user_permissions_to_codenames)]
    known_user_roles = None if server_user_roles is None else set(
        [r['label'] for r in _declared(people_roles)] + [r.get('label') for r in server_user_roles] + list(contract.BUILTIN_USER_ROLES))
    if server_roles is not None:
        server_roles = [role for role in _list(server_roles, 'server_roles') if isinstance(role, Mapping)]
    tenants = _list(tenants, 'ubidots_tenants')
    validator = ArgumentSpecValidator(as_module_arguments({'ubidots_tenant': tenant_spec})) if tenant_spec is not None else None
    twins = _repeated(label for label in (_text(t.get('label')) for t in tenants if isinstance(t, Mapping)) if isinstance(label, str))
    if twins:
        errors.append('More than one tenant has the label %s.' % ', '.join(twins))
    declared = _declared(roles)
    for index, tenant in enumerate(tenants):
        if not isinstance(tenant, Mapping):
            errors.append('Tenant #%d of ubidots_tenants is not a dictionary; got %r.' % (index + 1, tenant))
            continue
        name = _tenant_name(index, tenant)
        # The validator may say the same thing twice (once per check that tripped on one value).
        refused = dict.fromkeys(validator.validate(as_module_arguments({'ubidots_tenant': tenant})).error_messages) if validator else ()
        errors.extend(['Tenant %s: %s' % (name, message) for message in refused]
                      or _tenant_errors(name, tenant, declared, server_roles, known_user_roles))
    return errors or _disagreements(tenants)


def tenant_users(tenants):
    """The users of TENANTS once each (by username, regardless of case), with the account-level fields given anywhere."""
    users = {}
    for user in [user for tenant in tenants or [] for user in tenant.get('users') or []]:
        merged = users.setdefault(user['username'].lower(), {'username': user['username']})
        merged.update((field, user[field]) for field in USER_FIELDS if user.get(field) is not None)
    return list(users.values())


def undeclared_roles(tenants, api_roles=None, of='tokens'):
    """The role references of the tokens (or users, OF='users') of TENANTS that no role of API_ROLES (the API roles, or
    the user roles and the built-in ones) answers to, sorted, once each."""
    declared = _declared(_list(api_roles, 'ubidots_%s_roles' % ('api' if of == 'tokens' else 'user')))
    if of == 'users':
        declared += [{'label': label} for label in contract.BUILTIN_USER_ROLES]
    # Tokens or users that are not a list: tenant_errors reports them; no role to look up.
    holders = [holder for tenant in _list(tenants, 'ubidots_tenants') if isinstance(tenant, Mapping)
               and isinstance(tenant.get(of), list) for holder in tenant[of] if isinstance(holder, Mapping)]
    roles = [_text(holder.get('role')) for holder in holders]
    return sorted(set(role for role in roles if isinstance(role, str) and role
                      and not any(contract.matches_reference(role, known) for known in declared)))
