# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""/_emulator/: the private control endpoints for tests.

No token, never logged, faulted, delayed or rate limited (the pipeline lets them through).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from flask import request

from ubidots_emulator import constants as C
from ubidots_emulator.errors import non_field_error
from ubidots_emulator.responses import json_response, no_content
from ubidots_emulator.validation import read_body

BOOLEAN_QUERY = {'true': True, 'false': False}


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
        ('config', 'GET', _get_config),
        ('config', 'PATCH', _patch_config),
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
