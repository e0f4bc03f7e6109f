# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""POST /_emulator/organizations: many organizations in one call, for scale tests.

Body: ``{"account": id, "count": N, "label_prefix": "bulk-", "inactive_every": K}``. Makes N
organizations labelled ``<prefix>00001`` ... (zero-padded to the width of N), named after their
label, with the defaults a POST gives; with ``inactive_every`` K, every K-th one is inactive.
One transaction, no request log entry, no API call: 10,000 take well under a second.
Answers 201 ``{"created": N, "first": label, "last": label}``.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from flask import request

from ubidots_emulator import constants as C
from ubidots_emulator.errors import non_field_error
from ubidots_emulator.responses import json_response
from ubidots_emulator.validation import read_body

MAX_SEED = 100000


def _positive_int(body, name, default=None, upper=None):
    value = body.get(name, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1 or (upper is not None and value > upper):
        raise non_field_error('%s must be a whole number from 1 to %s.' % (name, upper or 'any'))
    return value


def seed_organizations(emulator):
    body = read_body(request)
    account = body.get('account')
    count = _positive_int(body, 'count', upper=MAX_SEED)
    every = _positive_int(body, 'inactive_every')
    prefix = body.get('label_prefix', 'org-')
    if count is None:
        raise non_field_error('count is required.')
    if not isinstance(prefix, str):
        raise non_field_error('label_prefix must be a string.')
    width = len(str(count))
    labels = ['%s%0*d' % (prefix, width, number) for number in range(1, count + 1)]
    if any(not C.LABEL_PATTERN.match(label) for label in (labels[0], labels[-1])):
        raise non_field_error('label_prefix gives labels that break the label rule.')
    with emulator.store.transaction() as store:
        if not isinstance(account, str) or store.first('accounts', id=account) is None:
            raise non_field_error('account must be the id of an emulator account.')
        taken = set(row['label'] for row in store.select('organizations', account=account))
        if taken.intersection(labels):
            raise non_field_error('Some of these labels are already in use.')
        for number, label in enumerate(labels, 1):
            store.insert('organizations', {
                'account': account, 'label': label, 'name': label, 'description': '', 'properties': {},
                'is_active': not (every and number % every == 0), 'app': None, 'favicon': None, 'logo': None,
            })
    return json_response({'created': count, 'first': labels[0], 'last': labels[-1]}, status=201)
