# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""All state lives in one SQLite database: in memory by default, in a file with --state-file.

Using SQLite for both modes keeps one code path, gives each request an all-or-nothing
transaction, and makes a restart with the same file keep every object.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import binascii
import contextlib
import datetime
import json
import os
import secrets
import sqlite3
import string
import threading

from ubidots_emulator import constants as C

# Table -> columns. Column types stay dynamic (SQLite); JSON and boolean columns are
# converted on the way in and out.
TABLES = {
    'accounts': ('id', 'token', 'created_at'),
    'organizations': ('id', 'account', 'label', 'name', 'description', 'properties', 'is_active', 'app', 'favicon', 'logo', 'created_at'),
    'roles': ('id', 'account', 'label', 'name', 'description', 'permissions', 'created_at'),
    'tokens': ('id', 'account', 'organization', 'role', 'name', 'key', 'rate_limit', 'rate_limit_window', 'created_at'),
    'devices': ('id', 'account', 'organization', 'label', 'name', 'created_at'),
    'variables': ('id', 'account', 'device', 'label', 'created_at'),
    'dots': ('id', 'account', 'variable', 'value', 'timestamp', 'context', 'created_at'),
    'images': ('id', 'account', 'content_type', 'extension', 'data', 'created_at'),
    # Sections 7 to 9. `password` holds a salted hash, never the password itself.
    'users': ('id', 'account', 'username', 'email', 'password', 'first_name', 'last_name', 'is_active', 'tags',
              'default_organization', 'properties', 'created_at'),
    # User roles have no id in the API; the column is the internal key memberships point at.
    'user_roles': ('id', 'account', 'label', 'name', 'description', 'permissions', 'builtin', 'created_at'),
    'memberships': ('id', 'account', 'user', 'organization', 'role', 'created_at'),
    # [emulator] the e-mails the real server would send; `user` and `organization` are snapshots.
    'invitations': ('id', 'account', 'user', 'organization', 'role', 'invitation', 'created_at'),
    # Every secret handed out or received, kept for the whole life of the store (a reset and deletions keep it):
    # GET /_emulator/secrets lists them so that tests can search their output for each one.
    'secrets': ('id', 'account', 'kind', 'value', 'created_at'),
}
# Kinds of secret: an account (admin) token, an organizational token key, a user password.
SECRET_KINDS = ('admin_token', 'token_key', 'password')
# What a reset empties: everything but the accounts and their tokens (and the built-in user roles).
ACCOUNT_DATA_TABLES = ('organizations', 'roles', 'tokens', 'devices', 'variables', 'dots', 'images', 'users', 'memberships', 'invitations')
JSON_COLUMNS = frozenset(('properties', 'permissions', 'context', 'tags', 'user', 'organization', 'invitation'))
BOOL_COLUMNS = frozenset(('is_active', 'builtin'))
# Lists come back newest first; rowid keeps creation order between equal timestamps.
NEWEST_FIRST = 'created_at DESC, rowid ASC'
# Values: the latest timestamp first; between equal timestamps, the last stored.
LATEST_FIRST = 'timestamp DESC, rowid DESC'
# Records kept for tests (invitations): the oldest first.
OLDEST_FIRST = 'created_at ASC, rowid ASC'
ORDERINGS = (NEWEST_FIRST, LATEST_FIRST, OLDEST_FIRST)
TIMESTAMP_FORMAT = '%Y-%m-%dT%H:%M:%S.%fZ'
TOKEN_ALPHABET = string.ascii_letters + string.digits


def new_id():
    return binascii.hexlify(os.urandom(12)).decode('ascii')


def new_token():
    return C.TOKEN_PREFIX + ''.join(secrets.choice(TOKEN_ALPHABET) for dummy in range(C.TOKEN_BODY_LENGTH))


def _encode(column, value):
    if column in JSON_COLUMNS:
        return json.dumps(value)
    if column in BOOL_COLUMNS:
        return int(bool(value))
    return value


def _decode(column, value):
    if column in JSON_COLUMNS:
        return json.loads(value)
    if column in BOOL_COLUMNS:
        return bool(value)
    return value


def _where_clause(where):
    """Builds "a = ? AND b IS NULL AND c IN (?, ?)" from keyword filters."""
    parts, params = [], []
    for column, value in sorted(where.items()):
        if value is None:
            parts.append('%s IS NULL' % column)
        elif isinstance(value, (list, tuple, set, frozenset)):
            values = list(value)
            parts.append('%s IN (%s)' % (column, ', '.join('?' * len(values))) if values else '0')
            params.extend(_encode(column, item) for item in values)
        else:
            parts.append('%s = ?' % column)
            params.append(_encode(column, value))
    return (' WHERE ' + ' AND '.join(parts)) if parts else '', params


class Store:
    """A thread-safe table store. Callers hold `transaction()` for a whole request."""

    def __init__(self, path=None):
        self.path = path
        self.lock = threading.RLock()
        self.conn = sqlite3.connect(path or ':memory:', check_same_thread=False)
        with self.conn:
            for table, columns in TABLES.items():
                self.conn.execute('CREATE TABLE IF NOT EXISTS %s (%s PRIMARY KEY, %s)' % (table, columns[0], ', '.join(columns[1:])))
        self._last_created = self._latest_timestamp()
        # Passwords received, in memory only: users keep a hash, and a --state-file never holds a password in clear.
        self._passwords = []

    def _latest_timestamp(self):
        stamps = [self.conn.execute('SELECT MAX(created_at) FROM %s' % table).fetchone()[0] for table in TABLES]
        stamps = [stamp for stamp in stamps if stamp]
        return datetime.datetime.strptime(max(stamps), TIMESTAMP_FORMAT) if stamps else None

    @contextlib.contextmanager
    def transaction(self):
        """One lock for the whole store; commits on success, rolls back on any error."""
        with self.lock:
            with self.conn:
                yield self

    def close(self):
        with self.lock:
            self.conn.close()

    def now(self):
        """Current UTC time as the API writes it, strictly increasing so order never ties."""
        with self.lock:
            moment = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
            if self._last_created is not None and moment <= self._last_created:
                moment = self._last_created + datetime.timedelta(microseconds=1)
            self._last_created = moment
            return moment.strftime(TIMESTAMP_FORMAT)

    def insert(self, table, row):
        row = dict(row)
        row.setdefault('id', new_id())
        row.setdefault('created_at', self.now())
        columns = [column for column in TABLES[table] if column in row]
        sql = 'INSERT INTO %s (%s) VALUES (%s)' % (table, ', '.join(columns), ', '.join('?' * len(columns)))
        self.conn.execute(sql, [_encode(column, row[column]) for column in columns])
        return row

    def update(self, table, row_id, changes):
        if not changes:
            return
        columns = sorted(changes)
        sql = 'UPDATE %s SET %s WHERE id = ?' % (table, ', '.join('%s = ?' % column for column in columns))
        self.conn.execute(sql, [_encode(column, changes[column]) for column in columns] + [row_id])

    def delete(self, table, **where):
        clause, params = _where_clause(where)
        return self.conn.execute('DELETE FROM %s%s' % (table, clause), params).rowcount

    def select(self, table, order=NEWEST_FIRST, limit=None, **where):
        if order not in ORDERINGS:
            raise ValueError('unknown ordering %r' % order)
        columns = TABLES[table]
        clause, params = _where_clause(where)
        sql = 'SELECT %s FROM %s%s ORDER BY %s' % (', '.join(columns), table, clause, order)
        if limit is not None:
            sql += ' LIMIT %d' % limit
        return [dict((column, _decode(column, value)) for column, value in zip(columns, found))
                for found in self.conn.execute(sql, params)]

    def first(self, table, order=NEWEST_FIRST, **where):
        found = self.select(table, order=order, limit=1, **where)
        return found[0] if found else None

    def count(self, table, **where):
        clause, params = _where_clause(where)
        return self.conn.execute('SELECT COUNT(*) FROM %s%s' % (table, clause), params).fetchone()[0]

    def remember_secret(self, account, kind, value):
        """Records VALUE as a secret of ACCOUNT (KIND one of SECRET_KINDS); recording it again changes nothing.

        Call it for every secret the emulator generates or receives, inside or outside `transaction()`.
        """
        if kind not in SECRET_KINDS:
            raise ValueError('unknown kind of secret %r' % kind)
        if not isinstance(value, str) or not value:
            raise ValueError('a secret is a non-empty string')
        with self.lock:
            if kind == 'password':
                if {'account': account, 'kind': kind, 'value': value} not in self._passwords:
                    self._passwords.append({'account': account, 'kind': kind, 'value': value})
                return
            outside = not self.conn.in_transaction
            if self.first('secrets', account=account, kind=kind, value=value) is None:
                self.insert('secrets', {'account': account, 'kind': kind, 'value': value})
            if outside:
                self.conn.commit()

    def secrets(self, account=None):
        """[{'account', 'kind', 'value'}] of every secret recorded, oldest first (of one account when given);
        the passwords of this process's life come after the stored secrets."""
        where = {} if account is None else {'account': account}
        with self.lock:
            rows = reversed(self.select('secrets', **where))
            stored = [{'account': row['account'], 'kind': row['kind'], 'value': row['value']} for row in rows]
            return stored + [dict(p) for p in self._passwords if account is None or p['account'] == account]

    def clear_account_data(self):
        for table in ACCOUNT_DATA_TABLES:
            self.delete(table)
        self.delete('user_roles', builtin=False)
