# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""/api/v2.0/users/: the people who log in to the account's white-label app (section 7).

A password is write-only: it is kept as a salted PBKDF2 hash and never shown. Each write
of one stamps `properties.password_update_timestamp`, a key only the server sets.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import binascii
import hashlib
import os
import time

from ubidots_emulator import constants as C
from ubidots_emulator.errors import FieldErrors, non_field_error, not_found
from ubidots_emulator.listing import list_envelope, requested_fields, select_fields
from ubidots_emulator.resources.devices import organization_reference, organization_url
from ubidots_emulator.resources.user_roles import role_summary
from ubidots_emulator.responses import json_response, no_content
from ubidots_emulator.validation import clean_boolean, clean_object, clean_string, read_body, type_name

TABLE = 'users'
ORGANIZATIONS_FIELD = 'organizations'


def hash_password(password):
    """'pbkdf2_sha256$<iterations>$<salt hex>$<hash hex>' for a password."""
    salt = os.urandom(C.PASSWORD_SALT_BYTES)
    digest = hashlib.pbkdf2_hmac(C.PASSWORD_HASH_NAME, password.encode('utf-8'), salt, C.PASSWORD_HASH_ITERATIONS)
    return 'pbkdf2_%s$%d$%s$%s' % (C.PASSWORD_HASH_NAME, C.PASSWORD_HASH_ITERATIONS, binascii.hexlify(salt).decode('ascii'),
                                   binascii.hexlify(digest).decode('ascii'))


def password_matches(stored, password):
    """Whether `password` is the one hashed in `stored` (for the emulator's own tests)."""
    algorithm, iterations, salt, digest = stored.split('$')
    again = hashlib.pbkdf2_hmac(algorithm[len('pbkdf2_'):], password.encode('utf-8'), binascii.unhexlify(salt), int(iterations))
    return binascii.hexlify(again).decode('ascii') == digest


def user_url(ctx, user_id):
    return ctx.api_url('/users/%s' % user_id)


def find_user(store, account, key):
    """The user a path key names: its id, or `~username` compared case-insensitively; else None."""
    if C.ID_PATTERN.match(key):
        return store.first(TABLE, account=account, id=key)
    if key.startswith(C.LABEL_PREFIX):
        wanted = key[len(C.LABEL_PREFIX):].lower()
        for user in store.select(TABLE, account=account):
            if user['username'].lower() == wanted:
                return user
    return None


def find_user_or_404(ctx, key):
    user = find_user(ctx.store, ctx.account, key)
    if user is None:
        raise not_found()
    return user


# Memberships (section 9): a user's organizations, each with one user role

def membership_items(ctx, user_id):
    """The user's memberships as the API shows them, ordered by organization label."""
    items = []
    for membership in ctx.store.select('memberships', user=user_id):
        org = ctx.store.first('organizations', id=membership['organization'])
        role = ctx.store.first('user_roles', id=membership['role'])
        items.append({
            'id': org['id'],
            'url': organization_url(ctx, org['id']),
            'label': org['label'],
            'name': org['name'],
            'createdAt': org['created_at'],
            'role': role_summary(ctx, role, with_created=True),
        })
    return sorted(items, key=lambda item: item['label'])


def end_memberships(store, **where):
    """Deletes the matching memberships; a user whose default organization was one of them gets none."""
    for membership in store.select('memberships', **where):
        user = store.first(TABLE, id=membership['user'])
        if user is not None and user['default_organization'] == membership['organization']:
            store.update(TABLE, user['id'], {'default_organization': None})
    store.delete('memberships', **where)


# Reading

def serialize(ctx, user, with_organizations=False):
    org = ctx.store.first('organizations', id=user['default_organization']) if user['default_organization'] else None
    shown = {
        'id': user['id'],
        'url': user_url(ctx, user['id']),
        'username': user['username'],
        'email': user['email'],
        'firstName': user['first_name'],
        'lastName': user['last_name'],
        'isActive': user['is_active'],
        'tags': user['tags'],
        'defaultOrganization': organization_reference(ctx, org) if org else None,
        'properties': user['properties'],
        'lastLogin': None,  # the emulator never logs anyone in
        'createdAt': user['created_at'],
    }
    if with_organizations:
        shown[ORGANIZATIONS_FIELD] = membership_items(ctx, user['id'])
    return shown


def _wants_organizations(ctx):
    """`organizations` is shown only on demand, when `fields=` names it."""
    return ORGANIZATIONS_FIELD in (requested_fields(ctx.request.args) or ())


# Writing

def _clean_username(errors, value):
    if clean_string(errors, 'username', value) is None:
        return None
    if not C.USERNAME_PATTERN.fullmatch(value):  # fullmatch: `$` alone lets a final newline through
        errors.add('username', C.MSG_USERNAME_RULE)
    elif value.lower().startswith(C.RESERVED_USERNAME_PREFIX):
        errors.add('username', C.MSG_USERNAME_RESERVED)
    else:
        return value
    return None


def _clean_email(errors, value):
    if clean_string(errors, 'email', value) is None:
        return None
    if not C.EMAIL_PATTERN.fullmatch(value):
        errors.add('email', C.MSG_EMAIL)
        return None
    return value


def _clean_password(errors, value):
    if clean_string(errors, 'password', value) is None:
        return None
    if len(value) < C.PASSWORD_MIN_LENGTH:
        errors.add('password', C.MSG_TOO_SHORT.format(min=C.PASSWORD_MIN_LENGTH))
    elif len(value) > C.PASSWORD_MAX_LENGTH:
        errors.add('password', C.MSG_TOO_LONG.format(max=C.PASSWORD_MAX_LENGTH))
    else:
        return value
    return None


def _clean_tags(errors, value):
    """Distinct tags in the order first written; at most MAX_TAGS of them, each 1 to TAG_MAX_LENGTH characters."""
    if not isinstance(value, list):
        errors.add('tags', C.MSG_NULL if value is None else C.MSG_NOT_LIST.format(type=type_name(value)))
        return None
    tags = []
    for tag in value:
        if not isinstance(tag, str):
            errors.add('tags', C.MSG_NOT_STRING)
        elif not 1 <= len(tag) <= C.TAG_MAX_LENGTH:
            errors.add('tags', C.MSG_TAG_LENGTH.format(max=C.TAG_MAX_LENGTH, length=len(tag)))
        elif tag not in tags:
            tags.append(tag)
    if len(tags) > C.MAX_TAGS:
        errors.add('tags', C.MSG_TOO_MANY_ITEMS.format(max=C.MAX_TAGS))
    return tags


def _clean_default_organization(ctx, errors, value, user_id):
    """An organization id or ~label the user is a member of, or null -> the organization id (or None)."""
    if value is None:
        return None
    org = None
    if isinstance(value, str) and C.ID_PATTERN.match(value):
        org = ctx.store.first('organizations', account=ctx.account, id=value)
    elif isinstance(value, str) and value.startswith(C.LABEL_PREFIX):
        org = ctx.store.first('organizations', account=ctx.account, label=value[len(C.LABEL_PREFIX):])
    if org is None:
        errors.add('defaultOrganization', C.MSG_UNKNOWN_OBJECT.format(key=value))
        return None
    if user_id is None or ctx.store.first('memberships', user=user_id, organization=org['id']) is None:
        errors.add('defaultOrganization', C.MSG_NOT_A_MEMBER.format(key=value))
        return None
    return org['id']


def _merge_properties(current, given):
    """The stored properties after a write: given keys replace, a null removes; the server's key is never written."""
    merged = dict(current)
    for key, value in given.items():
        if key == C.PASSWORD_TIMESTAMP_KEY:
            continue
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return merged


def _clean_fields(ctx, errors, body, user):
    """Column changes for the writable fields but username; `user` is None on POST."""
    changes = {}
    creating = user is None
    for field, clean in (('email', _clean_email), ('password', _clean_password)):
        if field in body:
            changes[field] = clean(errors, body.get(field))
        elif creating:
            errors.add(field, C.MSG_REQUIRED)
    for field, column in (('firstName', 'first_name'), ('lastName', 'last_name')):
        if field in body:
            changes[column] = clean_string(errors, field, body.get(field))
    if 'isActive' in body:
        changes['is_active'] = clean_boolean(errors, 'isActive', body.get('isActive'), False)
    if 'tags' in body:
        changes['tags'] = _clean_tags(errors, body.get('tags'))
    if 'defaultOrganization' in body:
        changes['default_organization'] = _clean_default_organization(ctx, errors, body.get('defaultOrganization'), user and user['id'])
    if 'properties' in body:
        given = clean_object(errors, 'properties', body.get('properties'), False)
        if given is not None:
            changes['properties'] = _merge_properties(user['properties'] if user else {}, given)
    return changes


def _check_free(ctx, username, email, own_id=None):
    """A username or email another user of the account holds (any case) is refused as a whole."""
    for other in ctx.store.select(TABLE, account=ctx.account):
        if other['id'] == own_id:
            continue
        if (username is not None and other['username'].lower() == username.lower()) or \
                (email is not None and other['email'].lower() == email.lower()):
            raise non_field_error(C.MSG_USER_TAKEN)


def _stamp_password(ctx, changes, current_properties):
    """Hashes a written password and records when it was written; the password joins the secrets a test scan
    searches for (GET /_emulator/secrets)."""
    if 'password' not in changes:
        return changes
    ctx.store.remember_secret(ctx.account, 'password', changes['password'])
    properties = dict(changes.get('properties', current_properties))
    properties[C.PASSWORD_TIMESTAMP_KEY] = int(time.time() * 1000)
    return dict(changes, password=hash_password(changes['password']), properties=properties)


def _clean_new(ctx, body):
    errors = FieldErrors()
    username = None
    if 'username' in body:
        username = _clean_username(errors, body.get('username'))
    else:
        errors.add('username', C.MSG_REQUIRED)
    changes = _clean_fields(ctx, errors, body, None)
    errors.raise_if_any()
    _check_free(ctx, username, changes['email'])
    defaults = {'first_name': '', 'last_name': '', 'is_active': True, 'tags': [], 'default_organization': None, 'properties': {}}
    return _stamp_password(ctx, dict(defaults, username=username, **changes), {})


def _clean_update(ctx, body, user):
    errors = FieldErrors()
    if 'username' in body and body.get('username') != user['username']:
        errors.add('username', C.MSG_USERNAME_FIXED)
    changes = _clean_fields(ctx, errors, body, user)
    errors.raise_if_any()
    if 'email' in changes:
        _check_free(ctx, None, changes['email'], own_id=user['id'])
    return _stamp_password(ctx, changes, user['properties'])


# Handlers

def list_users(ctx):
    with_organizations = _wants_organizations(ctx)
    items = [serialize(ctx, user, with_organizations) for user in ctx.store.select(TABLE, account=ctx.account)]
    return json_response(list_envelope(ctx.request, items, C.FILTERABLE['users']))


def create_user(ctx):
    changes = _clean_new(ctx, read_body(ctx.request))
    user = ctx.store.insert(TABLE, dict(changes, account=ctx.account))
    return json_response(serialize(ctx, user), status=201)


def get_user(ctx, key):
    user = find_user_or_404(ctx, key)
    return json_response(select_fields(serialize(ctx, user, _wants_organizations(ctx)), ctx.request.args))


def update_user(ctx, key):
    user = find_user_or_404(ctx, key)
    changes = _clean_update(ctx, read_body(ctx.request), user)
    ctx.store.update(TABLE, user['id'], changes)
    return json_response(serialize(ctx, dict(user, **changes)))


def delete_user(ctx, key):
    user = find_user_or_404(ctx, key)
    ctx.store.delete('memberships', user=user['id'])
    ctx.store.delete(TABLE, id=user['id'])
    return no_content()
