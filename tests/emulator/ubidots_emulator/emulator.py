# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The emulator's state and switches, independent of HTTP."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ubidots_emulator.faults import FaultInjector
from ubidots_emulator.requestlog import RequestLog
from ubidots_emulator.resources.memberships import invitation_record
from ubidots_emulator.resources.user_roles import seed_builtin_roles
from ubidots_emulator.settings import Settings
from ubidots_emulator.store import Store, new_token
from ubidots_emulator.throttle import SlidingWindowLimiter

ACCOUNT_KIND = 'account'
ORG_KIND = 'org'
SWITCH_LIMIT = 'switch'  # limiter keys of the --rate-limit windows
ADMIN_TOKEN = 'admin_token'  # kinds of secret (store.SECRET_KINDS)
TOKEN_KEY = 'token_key'


class Caller:
    """Who sent a request: an account token, or an organizational token (then `token` is its row)."""

    def __init__(self, kind, account, token=None):
        self.kind = kind
        self.account = account
        self.token = token

    @property
    def is_org_token(self):
        return self.kind == ORG_KIND

    @property
    def throttle_key(self):
        return (self.kind, self.token['id'] if self.token else self.account)


class Emulator:
    """Store, settings, request log, fault generator and rate limiter of one running emulator."""

    def __init__(self, settings=None, state_file=None):
        self.settings = settings or Settings()
        self.store = Store(state_file)
        self.log = RequestLog()
        self.faults = FaultInjector(self.settings.seed)
        self.limiter = SlidingWindowLimiter()
        self._seed_builtin_roles()
        self._remember_stored_secrets()

    def _seed_builtin_roles(self):
        """Every account has the built-in user roles (a state file from before them gets them now)."""
        with self.store.transaction() as store:
            for account in store.select('accounts'):
                seed_builtin_roles(store, account['id'])

    def _remember_stored_secrets(self):
        """Secrets of a --state-file written before they were recorded: its account tokens and token keys."""
        with self.store.transaction() as store:
            for account in store.select('accounts'):
                store.remember_secret(account['id'], ADMIN_TOKEN, account['token'])
            for token in store.select('tokens'):
                store.remember_secret(token['account'], TOKEN_KEY, token['key'])

    def close(self):
        self.store.close()

    # Accounts

    def add_account(self, token=None):
        """Returns (account id, token); an account whose token is already known is reused."""
        token = token or new_token()
        with self.store.transaction() as store:
            account = store.first('accounts', token=token)
            if account is None:
                account = store.insert('accounts', {'token': token})
            seed_builtin_roles(store, account['id'])
            store.remember_secret(account['id'], ADMIN_TOKEN, token)
        return account['id'], token

    def accounts(self):
        """(account id, token) of every account, oldest first."""
        with self.store.transaction() as store:
            return [(row['id'], row['token']) for row in reversed(store.select('accounts'))]

    def has_account(self, account_id):
        with self.store.transaction() as store:
            return store.first('accounts', id=account_id) is not None

    def identify(self, token):
        """The Caller behind a token, or None when the token is not live."""
        with self.store.transaction() as store:
            account = store.first('accounts', token=token)
            if account is not None:
                return Caller(ACCOUNT_KIND, account['id'])
            org_token = store.first('tokens', key=token)
            if org_token is not None:
                return Caller(ORG_KIND, org_token['account'], org_token)
        return None

    # Rate limits

    def throttle(self, caller):
        """Whole seconds to wait when the caller is over a limit, else None.

        An org token always has its own limit; --rate-limit adds one for every token.
        Each limit keeps its own window, and the longest wait wins.
        """
        limits = []
        if caller.is_org_token:
            limits.append((('own', caller.token['id']), caller.token['rate_limit'], caller.token['rate_limit_window']))
        if self.settings.rate_limit:
            count, seconds = self.settings.rate_limit
            limits.append(((SWITCH_LIMIT,) + caller.throttle_key, count, seconds))
        waits = [self.limiter.hit(key, limit, window) for key, limit, window in limits]
        waits = [wait for wait in waits if wait is not None]
        return max(waits) if waits else None

    # Control

    def reset(self):
        """Deletes every object of every account; accounts, their tokens, seeded apps and built-in user roles stay."""
        with self.store.transaction() as store:
            store.clear_account_data()
        self.log.clear()
        self.limiter.forget()
        self.faults.reseed(self.settings.seed)

    def invitations(self, account):
        """The invitations the account's assignments asked for, oldest first (the e-mails a real server sends)."""
        with self.store.transaction() as store:
            return invitation_record(store, account)

    def configure(self, changes):
        """Applies setting changes (ValueError when one is invalid) and restarts the fault sequence."""
        self.settings.update(changes)
        if 'rate_limit' in changes:
            self.limiter.forget(lambda key: key[0] == SWITCH_LIMIT)
        self.faults.reseed(self.settings.seed)
        return self.settings.as_dict()
