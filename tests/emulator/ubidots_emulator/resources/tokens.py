# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""/api/v2.0/organizations/<org>/tokens/: organizational tokens [assumed paths and fields]."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ubidots_emulator import constants as C
from ubidots_emulator.errors import FieldErrors
from ubidots_emulator.listing import list_envelope, select_fields
from ubidots_emulator.resources.common import find_by_key
from ubidots_emulator.resources.devices import organization_reference
from ubidots_emulator.resources.organizations import find_organization
from ubidots_emulator.resources.roles import role_reference
from ubidots_emulator.responses import json_response, no_content
from ubidots_emulator.store import new_token
from ubidots_emulator.validation import clean_integer, clean_string, read_body

TABLE = 'tokens'


def serialize(ctx, token, org, with_key):
    """The token as the API shows it; `key` is absent (not null) when keys are hidden."""
    role = ctx.store.first('roles', id=token['role'])
    shown = {
        'id': token['id'],
        'url': ctx.api_url('/organizations/%s/tokens/%s' % (org['id'], token['id'])),
        'name': token['name'],
        'key': token['key'],
        'apiRole': role_reference(ctx, role),
        'rateLimit': token['rate_limit'],
        'rateLimitWindow': token['rate_limit_window'],
        'organization': organization_reference(ctx, org),
        'createdAt': token['created_at'],
    }
    if not with_key:
        del shown['key']
    return shown


def _shows_keys(ctx):
    return not ctx.settings.hide_token_keys


def _clean_role(ctx, errors, value):
    """A role id or ~label of the account -> the role id."""
    if value is None:
        errors.add('apiRole', C.MSG_NULL)
        return None
    role = None
    if isinstance(value, str) and (C.ID_PATTERN.match(value) or value.startswith(C.LABEL_PREFIX)):
        key = {'id': value} if C.ID_PATTERN.match(value) else {'label': value[len(C.LABEL_PREFIX):]}
        role = ctx.store.first('roles', account=ctx.account, **key)
    if role is None:
        errors.add('apiRole', C.MSG_UNKNOWN_OBJECT.format(key=value))
        return None
    return role['id']


def _clean_window(errors, body, current):
    """The window the token will have; None when the given one is invalid."""
    if 'rateLimitWindow' not in body:
        return current['rate_limit_window'] if current else None
    window = clean_integer(errors, 'rateLimitWindow', body.get('rateLimitWindow'))
    if window is not None and window not in C.ALLOWED_RATE_LIMITS:
        errors.add('rateLimitWindow', C.MSG_BAD_CHOICE.format(value=window))
        return None
    return window


def _clean_rate(errors, body, current):
    """(rateLimit, rateLimitWindow) changes: defaults only when a new token gives neither."""
    given = [field for field in ('rateLimit', 'rateLimitWindow') if field in body]
    if current is None and not given:
        return {'rate_limit': C.DEFAULT_RATE_LIMIT, 'rate_limit_window': C.DEFAULT_RATE_WINDOW}
    if current is None and len(given) == 1:
        errors.add('rateLimitWindow' if given == ['rateLimit'] else 'rateLimit', C.MSG_REQUIRED)
    window = _clean_window(errors, body, current)
    changes = {'rate_limit_window': window} if 'rateLimitWindow' in body else {}
    limit = current['rate_limit'] if current else None
    if 'rateLimit' in body:
        limit = changes['rate_limit'] = clean_integer(errors, 'rateLimit', body.get('rateLimit'))
    allowed = C.ALLOWED_RATE_LIMITS.get(window)
    if allowed and limit is not None and limit not in allowed:
        errors.add('rateLimit', C.MSG_BAD_RATE.format(window=window, allowed=', '.join(str(value) for value in allowed)))
    return changes


def _clean(ctx, body, current=None):
    """Column changes for a new token (current None) or a PATCH of `current`."""
    errors = FieldErrors()
    changes = {}
    if 'name' in body:
        changes['name'] = clean_string(errors, 'name', body.get('name'), allow_blank=False)
    elif current is None:
        errors.add('name', C.MSG_REQUIRED)
    if 'apiRole' in body:
        changes['role'] = _clean_role(ctx, errors, body.get('apiRole'))
    elif current is None:
        errors.add('apiRole', C.MSG_REQUIRED)
    changes.update(_clean_rate(errors, body, current))
    errors.raise_if_any()
    return changes


def _find_token(ctx, org, token_id):
    """Tokens have no label; one of another organization is not found."""
    return find_by_key(ctx.store, TABLE, ctx.account, token_id, labelled=False, organization=org['id'])


# Handlers

def list_tokens(ctx, org_key):
    org = find_organization(ctx, org_key)
    tokens = ctx.store.select(TABLE, organization=org['id'])
    items = [serialize(ctx, token, org, _shows_keys(ctx)) for token in tokens]
    return json_response(list_envelope(ctx.request, items, C.FILTERABLE['tokens']))


def create_token(ctx, org_key):
    org = find_organization(ctx, org_key)
    changes = _clean(ctx, read_body(ctx.request))
    token = ctx.store.insert(TABLE, dict(changes, account=ctx.account, organization=org['id'], key=new_token()))
    ctx.store.remember_secret(ctx.account, 'token_key', token['key'])
    # The POST response is the one place a hidden key is always shown.
    return json_response(serialize(ctx, token, org, with_key=True), status=201)


def get_token(ctx, org_key, token_id):
    org = find_organization(ctx, org_key)
    shown = serialize(ctx, _find_token(ctx, org, token_id), org, _shows_keys(ctx))
    return json_response(select_fields(shown, ctx.request.args))


def update_token(ctx, org_key, token_id):
    org = find_organization(ctx, org_key)
    token = _find_token(ctx, org, token_id)
    changes = _clean(ctx, read_body(ctx.request), token)
    ctx.store.update(TABLE, token['id'], changes)
    return json_response(serialize(ctx, dict(token, **changes), org, _shows_keys(ctx)))


def delete_token(ctx, org_key, token_id):
    org = find_organization(ctx, org_key)
    ctx.store.delete(TABLE, id=_find_token(ctx, org, token_id)['id'])
    return no_content()
