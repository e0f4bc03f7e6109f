# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""/api/v2.0/api_roles/: organizational API roles of the account [assumed paths and fields]."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from ubidots_emulator import constants as C
from ubidots_emulator.errors import FieldErrors, non_field_error
from ubidots_emulator.listing import list_envelope, select_fields
from ubidots_emulator.resources.common import clean_unique_label, find_by_key, reference
from ubidots_emulator.responses import json_response, no_content
from ubidots_emulator.validation import clean_string, read_body, type_name

TABLE = 'roles'
WHITESPACE_RUN = re.compile(r'\s+')
NOT_SLUG_CHARACTER = re.compile(r'[^a-z0-9_-]')


def role_url(ctx, role_id):
    return ctx.api_url('/api_roles/%s' % role_id)


def role_reference(ctx, role):
    return reference(role, role_url(ctx, role['id']))


def find_role(ctx, key):
    return find_by_key(ctx.store, TABLE, ctx.account, key)


def slugify(name):
    """The label a role gets when a POST gives none."""
    slug = WHITESPACE_RUN.sub('-', name.lower())
    return NOT_SLUG_CHARACTER.sub('', slug).strip('-')


def _permission(codename):
    model, action = C.CODENAMES[codename]
    return {'label': codename, 'name': 'Can %s %s' % (action, model), 'model': model}


def serialize(ctx, role):
    return {
        'id': role['id'],
        'url': role_url(ctx, role['id']),
        'label': role['label'],
        'name': role['name'],
        'description': role['description'],
        'permissions': [_permission(codename) for codename in role['permissions']],
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
        elif codename not in C.CODENAMES:
            errors.add('permissions', C.MSG_UNKNOWN_CODENAME.format(codename=codename))
    return [codename for codename in C.CODENAME_ORDER if codename in value]


def _clean_label(ctx, errors, body, name, creating, own_id):
    """The given label; on creation without one, the slug of the name; else unchanged (None)."""
    if 'label' in body:
        return clean_unique_label(ctx.store, TABLE, ctx.account, errors, body.get('label'), own_id)
    if creating and name is not None:
        return clean_unique_label(ctx.store, TABLE, ctx.account, errors, slugify(name), own_id)
    return None


def _clean(ctx, body, full, creating=False, own_id=None):
    """Column changes. `full` (POST, PUT): name required, omitted description/permissions reset."""
    errors = FieldErrors()
    changes = {}
    if 'name' in body:
        changes['name'] = clean_string(errors, 'name', body.get('name'), allow_blank=False)
    elif full:
        errors.add('name', C.MSG_REQUIRED)
    label = _clean_label(ctx, errors, body, changes.get('name'), creating, own_id)
    if label is not None:
        changes['label'] = label
    if 'description' in body:
        changes['description'] = clean_string(errors, 'description', body.get('description'))
    elif full:
        changes['description'] = ''
    if 'permissions' in body:
        changes['permissions'] = _clean_permissions(errors, body.get('permissions'))
    elif full:
        changes['permissions'] = []
    errors.raise_if_any()
    return changes


def _save(ctx, role, full):
    changes = _clean(ctx, read_body(ctx.request), full, own_id=role['id'])
    ctx.store.update(TABLE, role['id'], changes)
    return json_response(serialize(ctx, dict(role, **changes)))


# Handlers

def list_roles(ctx):
    items = [serialize(ctx, role) for role in ctx.store.select(TABLE, account=ctx.account)]
    return json_response(list_envelope(ctx.request, items, C.FILTERABLE['roles']))


def create_role(ctx):
    changes = _clean(ctx, read_body(ctx.request), full=True, creating=True)
    role = ctx.store.insert(TABLE, dict(changes, account=ctx.account))
    return json_response(serialize(ctx, role), status=201)


def get_role(ctx, key):
    return json_response(select_fields(serialize(ctx, find_role(ctx, key)), ctx.request.args))


def replace_role(ctx, key):
    return _save(ctx, find_role(ctx, key), full=True)


def update_role(ctx, key):
    return _save(ctx, find_role(ctx, key), full=False)


def delete_role(ctx, key):
    role = find_role(ctx, key)
    in_use = ctx.store.count('tokens', role=role['id'])
    if in_use:
        raise non_field_error(C.MSG_ROLE_IN_USE.format(count=in_use))
    ctx.store.delete(TABLE, id=role['id'])
    return no_content()
