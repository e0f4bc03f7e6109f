# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""/_emulator/: the private control endpoints for tests.

No token needed, never logged, faulted, delayed or rate limited (the pipeline lets them
through). The ones that read one account's records (invitations) are told which account by
`?account=<account id>` (the id POST /_emulator/accounts and the request log show), or by
the account's own token in `X-Auth-Token` or `?token=`, as an API call would carry it.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from flask import request

from ubidots_emulator import constants as C
from ubidots_emulator.errors import non_field_error, not_found
from ubidots_emulator.responses import json_response, no_content
from ubidots_emulator.seeding import seed_organizations
from ubidots_emulator.validation import read_body

BOOLEAN_QUERY = {'true': True, 'false': False}
ACCOUNT_PARAM = 'account'
MSG_WHICH_ACCOUNT = 'Name the account: ?account=<account id>, or its token in X-Auth-Token or ?token=.'


def _list_requests(emulator):
    write = BOOLEAN_QUERY.get(request.args.get('write', '').lower())
    cleared = BOOLEAN_QUERY.get(request.args.get('all', '').lower(), False)
    entries = emulator.log.entries(write=write, cleared=cleared)
    return json_response({'count': len(entries), 'requests': entries})


def _list_secrets(emulator):
    found = emulator.store.secrets(account=request.args.get('account') or None)
    return json_response({'count': len(found), 'secrets': found})


def _clear_requests(emulator):
    emulator.log.clear()
    return no_content()


def _reset(emulator):
    emulator.reset()
    return no_content()


def _add_account(emulator):
    token = read_body(request).get('token')
    if token is not None and (not isinstance(token, str) or not token or any(char.isspace() for char in token)):
        raise non_field_error('token must be a non-empty string without spaces.')
    if token and emulator.identify(token) is not None:
        raise non_field_error('This token is already in use.')
    account, token = emulator.add_account(token)
    return json_response({'account': account, 'token': token}, status=201)


def _chosen_account(emulator):
    """The account id a control request names (see the module docstring); 404 when it names none."""
    account_id = request.args.get(ACCOUNT_PARAM)
    token = request.headers.get(C.TOKEN_HEADER) or request.args.get(C.TOKEN_PARAM)
    if account_id:
        found = account_id if emulator.has_account(account_id) else None
    elif token:
        caller = emulator.identify(token)
        found = caller.account if caller is not None and not caller.is_org_token else None
    else:
        raise non_field_error(MSG_WHICH_ACCOUNT)
    if found is None:
        raise not_found()
    return found


def _list_invitations(emulator):
    entries = emulator.invitations(_chosen_account(emulator))
    return json_response({'count': len(entries), 'invitations': entries})


def _get_config(emulator):
    return json_response(emulator.settings.as_dict())


def _patch_config(emulator):
    try:
        return json_response(emulator.configure(read_body(request).fields))
    except ValueError as error:
        raise non_field_error(str(error))


def register(app, emulator):
    """Adds the control routes to the Flask app."""
    routes = (
        ('requests', 'GET', _list_requests),
        ('requests', 'DELETE', _clear_requests),
        ('secrets', 'GET', _list_secrets),
        ('reset', 'POST', _reset),
        ('accounts', 'POST', _add_account),
        ('invitations', 'GET', _list_invitations),
        ('config', 'GET', _get_config),
        ('config', 'PATCH', _patch_config),
        ('organizations', 'POST', seed_organizations),
    )
    for name, method, handler in routes:
        app.add_url_rule(
            C.CONTROL_PREFIX + name, endpoint='control_%s_%s' % (name, method.lower()),
            view_func=_bind(handler, emulator), methods=[method],
        )


def _bind(handler, emulator):
    def view():
        return handler(emulator)
    return view
