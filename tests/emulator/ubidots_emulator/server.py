# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Serving the emulator: a threaded Werkzeug server, in the foreground (CLI) or in a thread (tests)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import threading

from werkzeug.serving import WSGIRequestHandler, make_server

from ubidots_emulator import constants as C
from ubidots_emulator.app import create_app
from ubidots_emulator.emulator import Emulator
from ubidots_emulator.settings import Settings


class QuietRequestHandler(WSGIRequestHandler):
    """No access log: /_emulator/requests is the log, and a printed ?token= would leak a secret."""

    def log_request(self, code='-', size='-'):
        pass


def build_emulator(state_file=None, **settings):
    return Emulator(Settings(**settings), state_file=state_file)


def bootstrap_accounts(emulator, tokens=None):
    """Makes sure the accounts exist: (every account token, the tokens the user has not seen yet).

    Given tokens are used as they are. Without any, the accounts kept in a state file are
    reused, and only a fresh emulator generates one.
    """
    if tokens:
        for token in tokens:
            emulator.add_account(token)
        return list(tokens), []
    stored = [token for dummy, token in emulator.accounts()]
    if stored:
        return stored, stored
    dummy, token = emulator.add_account()
    return [token], [token]


def make_emulator_server(emulator, host=C.DEFAULT_HOST, port=C.DEFAULT_PORT):
    """A bound, listening server (port 0 picks a free port: see `server.port`)."""
    return make_server(host, port, create_app(emulator), threaded=True, request_handler=QuietRequestHandler)


def base_url(server):
    host = server.host
    if ':' in host:
        host = '[%s]' % host
    return 'http://%s:%d' % (host, server.port)


class ServerHandle:
    """An emulator served from a background thread."""

    def __init__(self, server, emulator, tokens):
        self.server = server
        self.emulator = emulator
        self.tokens = tokens
        self.base_url = base_url(server)
        self._thread = threading.Thread(target=server.serve_forever, name='ubidots-emulator', daemon=True)
        self._thread.start()

    def stop(self):
        # Werkzeug's serve_forever closes the listening socket when it returns.
        self.server.shutdown()
        self._thread.join()
        self.emulator.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.stop()


def start_in_thread(host=C.DEFAULT_HOST, port=0, tokens=None, state_file=None, **settings):
    """Starts an emulator in this process; settings as on the command line (latency_ms=, rate_limit='4/1', ...)."""
    emulator = build_emulator(state_file=state_file, **settings)
    account_tokens, dummy = bootstrap_accounts(emulator, tokens)
    return ServerHandle(make_emulator_server(emulator, host, port), emulator, account_tokens)
