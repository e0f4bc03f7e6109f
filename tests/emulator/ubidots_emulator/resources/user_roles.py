# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""/api/v2.0/roles/: user roles, what a user may do in the app (section 8).

Not the API roles of /api_roles/ (those scope organizational tokens): user roles are a
separate namespace, are addressed by their plain label (no id, no `~`), and every account
has two built-in ones that cannot be changed or deleted.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ubidots_emulator import constants as C
from ubidots_emulator.errors import FieldErrors, non_field_error, not_found
from ubidots_emulator.listing import list_envelope, select_fields
from ubidots_emulator.resources.roles import slugify
from ubidots_emulator.responses import json_response, no_content
from ubidots_emulator.validation import clean_string, label_error, read_body, type_name

TABLE = 'user_roles'


def seed_builtin_roles(store, account):
    """Gives an account the built-in roles it lacks (a new account, or one from an older state file)."""
    for label, name, permissions in C.BUILTIN_USER_ROLES:
        if store.first(TABLE, account=account, label=label) is None:
            store.insert(TABLE, {'account': account, 'label': label, 'name': name, 'description': '',
                                 'permissions': _canonical(permissions), 'builtin': True})


def _canonical(codenames):
    return [codename for codename in C.USER_CODENAME_ORDER if codename in codenames]


def user_role_url(ctx, label):
    return ctx.api_url('/roles/%s' % label)


def role_summary(ctx, role, with_created=False):
    """The {label, name, url} form (plus createdAt inside a membership) that points at a user role."""
    summary = {'label': role['label'], 'name': role['name'], 'url': user_role_url(ctx, role['label'])}
    if with_created:
        summary['createdAt'] = role['created_at']
    return summary


def find_user_role(store, account, label):
    """The role with exactly this label, or None. A `~label` never matches: labels cannot hold `~`."""
    return store.first(TABLE, account=account, label=label)


def _find_or_404(ctx, label):
    role = find_user_role(ctx.store, ctx.account, label)
    if role is None:
        raise not_found()
    return role


def serialize(ctx, role):
    return {
        'url': user_role_url(ctx, role['label']),
        'label': role['label'],
        'name': role['name'],
        'description': role['description'],
        'permissions': [dict(C.USER_CODENAMES[codename]) for codename in role['permissions']],
        'permissionsCount': len(role['permissions']),
        'isActive': True,
        'createdAt': role['created_at'],
    }


def _clean_permissions(errors, value):
    """A list of codenames -> the distinct ones in canonical order."""
    if not isinstance(value, list):
        errors.add('permissions', C.MSG_NULL if value is None else C.MSG_NOT_LIST.format(type=type_name(value)))
        return None
    for codename in value:
        if not isinstance(codename, str):
            errors.add('permissions', C.MSG_NOT_STRING)
        elif codename not in C.USER_CODENAMES:
            errors.add('permissions', C.MSG_UNKNOWN_CODENAME.format(codename=codename))
    return _canonical(value)


def _clean_label(ctx, errors, value):
    message = label_error(value)
    if message is None and find_user_role(ctx.store, ctx.account, value) is not None:
        message = C.MSG_LABEL_TAKEN
    if message is not None:
        errors.add('label', message)
        return None
    return value


def _clean(ctx, body, creating):
    """Column changes. On POST name and permissions are required and label defaults to the slug of
    the name; a PATCH never changes the label (it is the role's address)."""
    errors = FieldErrors()
    changes = {}
    if 'name' in body:
        changes['name'] = clean_string(errors, 'name', body.get('name'), allow_blank=False)
    elif creating:
        errors.add('name', C.MSG_REQUIRED)
    if creating and 'label' in body:
        changes['label'] = _clean_label(ctx, errors, body.get('label'))
    elif creating and changes.get('name') is not None:
        changes['label'] = _clean_label(ctx, errors, slugify(changes['name']))
    if 'description' in body:
        changes['description'] = clean_string(errors, 'description', body.get('description'))
    elif creating:
        changes['description'] = ''
    if 'permissions' in body:
        changes['permissions'] = _clean_permissions(errors, body.get('permissions'))
    elif creating:
        errors.add('permissions', C.MSG_REQUIRED)
    errors.raise_if_any()
    return changes


def _changeable(ctx, label):
    role = _find_or_404(ctx, label)
    if role['builtin']:
        raise non_field_error(C.MSG_BUILTIN_ROLE)
    return role


def users_with_role(store, role_id):
    """How many distinct users hold the role in at least one organization."""
    return len(set(membership['user'] for membership in store.select('memberships', role=role_id)))


# Handlers

def list_user_roles(ctx):
    items = [serialize(ctx, role) for role in ctx.store.select(TABLE, account=ctx.account)]
    return json_response(list_envelope(ctx.request, items, C.FILTERABLE['user_roles']))


def create_user_role(ctx):
    changes = _clean(ctx, read_body(ctx.request), creating=True)
    role = ctx.store.insert(TABLE, dict(changes, account=ctx.account, builtin=False))
    return json_response(serialize(ctx, role), status=201)


def get_user_role(ctx, label):
    return json_response(select_fields(serialize(ctx, _find_or_404(ctx, label)), ctx.request.args))


def update_user_role(ctx, label):
    role = _changeable(ctx, label)
    changes = _clean(ctx, read_body(ctx.request), creating=False)
    ctx.store.update(TABLE, role['id'], changes)
    return json_response(serialize(ctx, dict(role, **changes)))


def delete_user_role(ctx, label):
    role = _changeable(ctx, label)
    in_use = users_with_role(ctx.store, role['id'])
    if in_use:
        raise non_field_error(C.MSG_USER_ROLE_IN_USE.format(count=in_use))
    ctx.store.delete(TABLE, id=role['id'])
    return no_content()
