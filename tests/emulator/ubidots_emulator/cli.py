# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The command line: `python -m ubidots_emulator` or the `ubidots-emulator` console script."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import argparse
import os
import signal
import sqlite3
import sys

from ubidots_emulator import constants as C
from ubidots_emulator.emulator import Emulator
from ubidots_emulator.server import base_url, bootstrap_accounts, make_emulator_server
from ubidots_emulator.settings import Settings

TOKEN_ENV = 'UBIDOTS_TOKEN'
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def build_parser():
    parser = argparse.ArgumentParser(prog='ubidots-emulator', description='A local emulator of the Ubidots REST API.')
    add = parser.add_argument
    add('--host', default=C.DEFAULT_HOST, help='address to listen on (default %(default)s)')
    add('--port', type=int, default=C.DEFAULT_PORT, help='port to listen on, 0 for a free one (default %(default)s)')
    add('--token', action='append', default=[], metavar='TOKEN',
        help='an account (admin) token; repeat it for several isolated accounts. Default: $%s, '
             'else the accounts kept in --state-file, else a generated token, printed' % TOKEN_ENV)
    add('--hide-token-keys', action='store_true', help='leave `key` out of every token response but the creating POST')
    add('--rate-limit', default=None, metavar='N/S', help='at most N requests per S seconds for every token, account tokens included (default: off)')
    add('--latency-ms', type=int, default=0, help='delay every /api/ request by this many milliseconds (default 0)')
    add('--fault-rate', type=float, default=0.0, help='probability, 0 to 1, that an /api/ request is faulted (default 0)')
    add('--fault-kinds', default=','.join(C.FAULT_KINDS), metavar='KINDS', help='comma list among %(default)s (default: all)')
    add('--slow-ms', type=int, default=C.DEFAULT_SLOW_MS, help='how long a `slow` fault waits (default %(default)s)')
    add('--seed', type=int, default=C.DEFAULT_SEED, help='seed of the fault sequence (default %(default)s)')
    add('--state-file', default=None, metavar='PATH',
        help='SQLite file keeping accounts and all their objects across restarts (default: in memory)')
    return parser


def _settings(args):
    return Settings(
        hide_token_keys=args.hide_token_keys, rate_limit=args.rate_limit, latency_ms=args.latency_ms, fault_rate=args.fault_rate,
        fault_kinds=args.fault_kinds, slow_ms=args.slow_ms, seed=args.seed,
    )


def _account_tokens(args):
    if args.token:
        return args.token
    return [os.environ[TOKEN_ENV]] if os.environ.get(TOKEN_ENV) else []


def _stop_on_signal(signum, frame):
    """SIGTERM ends the server loop like Ctrl-C; only the first signal counts.

    make forwards its own SIGTERM/SIGINT to the emulator, so a second one often follows;
    it must not interrupt the shutdown that the first one started.
    """
    for name in STOP_SIGNALS:
        signal.signal(name, signal.SIG_IGN)
    raise KeyboardInterrupt


def _serve(emulator, args):
    dummy, unseen_tokens = bootstrap_accounts(emulator, _account_tokens(args))
    server = make_emulator_server(emulator, args.host, args.port)
    print('Ubidots emulator listening on %s' % base_url(server), flush=True)
    for token in unseen_tokens:
        print('admin token: %s' % token, flush=True)
    server.serve_forever()


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = _settings(args)
    except ValueError as error:
        parser.error(str(error))
    try:
        emulator = Emulator(settings, state_file=args.state_file)
    except sqlite3.Error as error:
        parser.error('cannot open --state-file %s: %s' % (args.state_file, error))
    for name in STOP_SIGNALS:
        signal.signal(name, _stop_on_signal)
    try:
        _serve(emulator, args)
    except KeyboardInterrupt:
        pass
    except OSError as error:
        print('ubidots-emulator: cannot listen on %s:%s: %s' % (args.host, args.port, error), file=sys.stderr)
        return 1
    finally:
        emulator.close()
    print('Ubidots emulator stopped', flush=True)
    return 0
