# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every resource needs: the request context, key lookup, labels, references."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ubidots_emulator import constants as C
from ubidots_emulator.errors import not_found
from ubidots_emulator.validation import label_error


class RequestContext:
    """One API request as the resources see it: who asks, on which account, from which base URL."""

    def __init__(self, emulator, caller, request):
        self.emulator = emulator
        self.store = emulator.store
        self.settings = emulator.settings
        self.caller = caller
        self.account = caller.account
        self.request = request
        # <base> of every url field: the scheme://host:port the request arrived on.
        self.base = request.host_url.rstrip('/')

    def api_url(self, path):
        return self.base + C.API_V2 + path


def find_by_key(store, table, account, key, labelled=True, **where):
    """The row a path key names: a 24-hex id, or `~label` when the resource has labels; else 404."""
    row = None
    if C.ID_PATTERN.match(key):
        row = store.first(table, account=account, id=key, **where)
    elif labelled and key.startswith(C.LABEL_PREFIX):
        row = store.first(table, account=account, label=key[len(C.LABEL_PREFIX):], **where)
    if row is None:
        raise not_found()
    return row


def clean_unique_label(store, table, account, errors, value, own_id=None):
    """A label that follows the rule and is free within the account (besides the object itself)."""
    message = label_error(value)
    if message is None:
        holder = store.first(table, account=account, label=value)
        if holder is not None and holder['id'] != own_id:
            message = C.MSG_LABEL_TAKEN
    if message is not None:
        errors.add('label', message)
        return None
    return value


def reference(row, url):
    """The {id, label, name, url} form used wherever one object points at another."""
    return {'id': row['id'], 'label': row['label'], 'name': row['name'], 'url': url}
