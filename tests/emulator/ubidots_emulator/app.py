# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Flask application: routes, authentication, rate limits and error envelopes."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import sys
import traceback

from flask import Flask, Response, g, request
from werkzeug.exceptions import HTTPException

from ubidots_emulator import constants as C
from ubidots_emulator import control
from ubidots_emulator.errors import ApiError, not_found, permission_denied, throttled
from ubidots_emulator.pipeline import LOG_ENTRY_KEY, Pipeline
from ubidots_emulator.resources import devices, memberships, organizations, roles, tokens, user_roles, users
from ubidots_emulator.resources.common import RequestContext
from ubidots_emulator.responses import error_response

ALL_METHODS = ('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS')

# Path (every one also answers without its trailing slash) -> {method: handler}.
API_ROUTES = (
    (C.API_V2 + '/organizations/', {
        'GET': organizations.list_organizations,
        'POST': organizations.create_organization,
    }),
    (C.API_V2 + '/organizations/<key>/', {
        'GET': organizations.get_organization,
        'PUT': organizations.replace_organization,
        'PATCH': organizations.update_organization,
        'DELETE': organizations.delete_organization,
    }),
    (C.API_V2 + '/organizations/<key>/devices/', {
        'GET': organizations.list_organization_devices,
    }),
    (C.API_V2 + '/organizations/<org_key>/tokens/', {
        'GET': tokens.list_tokens,
        'POST': tokens.create_token,
    }),
    (C.API_V2 + '/organizations/<org_key>/tokens/<token_id>/', {
        'GET': tokens.get_token,
        'PATCH': tokens.update_token,
        'DELETE': tokens.delete_token,
    }),
    (C.API_V2 + '/api_roles/', {
        'GET': roles.list_roles,
        'POST': roles.create_role,
    }),
    (C.API_V2 + '/api_roles/<key>/', {
        'GET': roles.get_role,
        'PUT': roles.replace_role,
        'PATCH': roles.update_role,
        'DELETE': roles.delete_role,
    }),
    (C.API_V2 + '/organizations/<key>/users/', {
        'GET': memberships.list_organization_users,
    }),
    (C.API_V2 + '/users/', {
        'GET': users.list_users,
        'POST': users.create_user,
    }),
    (C.API_V2 + '/users/<key>/', {
        'GET': users.get_user,
        'PATCH': users.update_user,
        'DELETE': users.delete_user,
    }),
    (C.API_V2 + '/users/<key>/_/assign_organizations/', {
        'POST': memberships.assign_organizations,
    }),
    (C.API_V2 + '/users/<key>/_/remove_organizations/', {
        'POST': memberships.remove_organizations,
    }),
    (C.API_V2 + '/roles/', {
        'GET': user_roles.list_user_roles,
        'POST': user_roles.create_user_role,
    }),
    (C.API_V2 + '/roles/<label>/', {
        'GET': user_roles.get_user_role,
        'PATCH': user_roles.update_user_role,
        'DELETE': user_roles.delete_user_role,
    }),
    (C.API_V16 + '/devices/<device_label>/', {
        'POST': devices.post_values,
    }),
    (C.API_V16 + '/devices/<device_label>/<variable_label>/lv/', {
        'GET': devices.last_value,
    }),
)


def _is_v2(path):
    return path == C.API_V2 or path.startswith(C.API_V2 + '/')


def _request_token():
    """The header wins over ?token=; an empty value counts as absent."""
    return request.headers.get(C.TOKEN_HEADER) or request.args.get(C.TOKEN_PARAM)


def _api_view(emulator, handlers):
    def view(**params):
        handler = handlers.get('GET' if request.method == 'HEAD' else request.method)
        if handler is None:
            raise ApiError(C.METHOD_NOT_ALLOWED, method=request.method)
        with emulator.store.transaction():
            return handler(g.ctx, **params)
    return view


def _media_view(emulator):
    def view(image_id, variant, extension):
        with emulator.store.transaction() as store:
            found = organizations.get_image(store, image_id, variant, extension)
        if found is None:
            raise not_found()
        data, content_type = found
        return Response(data, content_type=content_type)
    return view


def _authenticator(emulator):
    """Runs before every /api/ view: who is calling, are they throttled, may they use v2.0."""
    def authenticate():
        if not request.path.startswith(C.API_PREFIX):
            return
        token = _request_token()
        if not token:
            raise ApiError(C.NOT_AUTHENTICATED)
        caller = emulator.identify(token)
        if caller is None:
            raise ApiError(C.BAD_CREDENTIALS)
        entry = request.environ.get(LOG_ENTRY_KEY)
        if entry is not None:
            entry['account'], entry['token_kind'] = caller.account, caller.kind
        wait = emulator.throttle(caller)
        if wait is not None:
            raise throttled(wait)
        # An org token learns nothing from v2.0: refused before any lookup, unknown paths included.
        if caller.is_org_token and _is_v2(request.path):
            raise permission_denied()
        g.ctx = RequestContext(emulator, caller, request)
    return authenticate


def _http_error(error):
    if error.code == 404:
        return error_response(not_found())
    code = error.code or 500
    return error_response(ApiError((code, code * 1000 + 1, '%s.' % error.name)))


def _unexpected_error(error):
    # A bug in the emulator: say so on stderr, answer like a server error.
    traceback.print_exception(type(error), error, error.__traceback__, file=sys.stderr)
    return error_response(ApiError(C.SERVER_FAULTS[500]))


def create_flask_app(emulator):
    app = Flask('ubidots_emulator')
    app.url_map.strict_slashes = False
    app.url_map.merge_slashes = False
    for rule, handlers in API_ROUTES:
        app.add_url_rule(rule, endpoint=rule, view_func=_api_view(emulator, handlers), methods=ALL_METHODS, provide_automatic_options=False)
    app.add_url_rule(C.MEDIA_PREFIX + '/<image_id>/<variant>.<extension>', endpoint='media', view_func=_media_view(emulator))
    control.register(app, emulator)
    app.before_request(_authenticator(emulator))
    app.register_error_handler(ApiError, error_response)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)
    return app


def create_app(emulator):
    """The WSGI application: the Flask app inside the logging and fault-injection pipeline."""
    return Pipeline(emulator, create_flask_app(emulator))
