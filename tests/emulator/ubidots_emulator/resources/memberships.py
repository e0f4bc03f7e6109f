# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Organization memberships (section 9): which organizations a user belongs to, with which user role.

Assigning and removing take a JSON array and apply all of it or none of it; both answer
with every membership the user has afterwards. An assignment that carries an `invitation`
and creates a membership is noted in the emulator's invitation record (the real server
would send an e-mail), readable at GET /_emulator/invitations.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ubidots_emulator import constants as C
from ubidots_emulator.errors import FieldErrors
from ubidots_emulator.listing import list_envelope
from ubidots_emulator.resources.organizations import find_organization
from ubidots_emulator.resources.user_roles import find_user_role, role_summary
from ubidots_emulator.resources.users import end_memberships, find_user_or_404, membership_items, user_url
from ubidots_emulator.responses import json_response
from ubidots_emulator.store import OLDEST_FIRST
from ubidots_emulator.validation import read_list_body, type_name

TABLE = 'memberships'


class _Errors(FieldErrors):
    """Field errors of a whole array: the same message for two items is reported once."""

    def add(self, field, message):
        if message not in self.errors.get(field, ()):
            super(_Errors, self).add(field, message)


def _clean_reference(errors, item, field, lookup, unknown_message):
    """The row an item's `label` or `role` names, or None (with the error noted)."""
    if field not in item:
        errors.add(field, C.MSG_REQUIRED)
        return None
    value = item[field]
    if value is None:
        errors.add(field, C.MSG_NULL)
        return None
    if not isinstance(value, str):
        errors.add(field, C.MSG_NOT_STRING)
        return None
    row = lookup(value)
    if row is None:
        errors.add(field, unknown_message.format(label=value))
    return row


def _clean_invitation(errors, item):
    """The invitation's keys (absent ones as null), or None when the item asks for no e-mail."""
    invitation = item.get('invitation')
    if invitation is None:
        return None
    if not isinstance(invitation, dict):
        errors.add('invitation', C.MSG_NOT_DICT.format(type=type_name(invitation)))
        return None
    return dict((key, invitation.get(key)) for key in C.INVITATION_FIELDS)


def _clean_items(ctx, assigning):
    """[(organization, role, invitation)] from the body; any problem refuses the whole request."""
    errors = _Errors()
    cleaned = []
    store, account = ctx.store, ctx.account
    for item in read_list_body(ctx.request):
        if not isinstance(item, dict):
            errors.add('non_field_errors', C.MSG_BODY_NOT_OBJECT.format(type=type_name(item)))
            continue
        org = _clean_reference(errors, item, 'label', lambda label: store.first('organizations', account=account, label=label),
                               C.MSG_NO_SUCH_ORGANIZATION)
        role = invitation = None
        if assigning:
            role = _clean_reference(errors, item, 'role', lambda label: find_user_role(store, account, label), C.MSG_NO_SUCH_ROLE)
            invitation = _clean_invitation(errors, item)
        cleaned.append((org, role, invitation))
    errors.raise_if_any()
    return cleaned


def _record_invitation(store, user, org, role, invitation):
    store.insert('invitations', {
        'account': user['account'],
        'user': {'id': user['id'], 'username': user['username'], 'email': user['email']},
        'organization': {'id': org['id'], 'label': org['label']},
        'role': role['label'],
        'invitation': invitation,
    })


def invitation_record(store, account):
    """The emulator's record of invitations for one account, oldest first."""
    entries = []
    for row in store.select('invitations', order=OLDEST_FIRST, account=account):
        entry = {'user': row['user'], 'organization': row['organization'], 'role': row['role']}
        entry.update((key, row['invitation'][key]) for key in C.INVITATION_FIELDS)
        entry['createdAt'] = row['created_at']
        entries.append(entry)
    return entries


def _memberships_answer(ctx, user):
    return json_response(list_envelope(ctx.request, membership_items(ctx, user['id']), C.FILTERABLE['memberships']))


# Handlers

def assign_organizations(ctx, key):
    """Adds memberships, or changes the role of existing ones; only new memberships are invited."""
    user = find_user_or_404(ctx, key)
    store = ctx.store
    for org, role, invitation in _clean_items(ctx, assigning=True):
        current = store.first(TABLE, user=user['id'], organization=org['id'])
        if current is None:
            store.insert(TABLE, {'account': ctx.account, 'user': user['id'], 'organization': org['id'], 'role': role['id']})
            if invitation is not None:
                _record_invitation(store, user, org, role, invitation)
        elif current['role'] != role['id']:
            store.update(TABLE, current['id'], {'role': role['id']})
    return _memberships_answer(ctx, user)


def remove_organizations(ctx, key):
    """Ends memberships; one the user does not have is ignored (its `role`, if any, too)."""
    user = find_user_or_404(ctx, key)
    org_ids = [cleaned[0]['id'] for cleaned in _clean_items(ctx, assigning=False)]
    end_memberships(ctx.store, user=user['id'], organization=org_ids)
    return _memberships_answer(ctx, user)


def list_organization_users(ctx, key):
    """The organization's members, newest user first, each with the role held there."""
    org = find_organization(ctx, key)
    roles = dict((membership['user'], membership['role']) for membership in ctx.store.select(TABLE, organization=org['id']))
    items = []
    for user in ctx.store.select('users', id=list(roles)):
        role = ctx.store.first('user_roles', id=roles[user['id']])
        items.append({
            'id': user['id'],
            'url': user_url(ctx, user['id']),
            'username': user['username'],
            'email': user['email'],
            'role': role_summary(ctx, role),
        })
    return json_response(list_envelope(ctx.request, items, C.FILTERABLE['organization_users']))
