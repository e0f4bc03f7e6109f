# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Key files: the keys of new tokens go to a YAML file (token name: key) instead of the task's result.

The file is read and checked before any write, merged (a key is only ever replaced by a newer one), and written
whole to a temporary file in the same folder that then replaces it, so a reader never sees half a file."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import tempfile

try:
    import yaml
    HAS_YAML = True
except ImportError:  # pragma: no cover - PyYAML comes with ansible-core
    HAS_YAML = False

from ansible_collections.ubidots.cloud.plugins.module_utils.engine import Failure, InputError, Option

KEY_FILE = Option('key_file', type='path')
HEADER = '# Keys of organizational tokens, by token name (written by ubidots.cloud). Keep this file secret.\n'
# The actions whose key replaces the file's; any other key the result holds only fills a name the file lacks.
NEW_KEY_ACTIONS = ('created', 'regenerated')


def folder_error(name, folder, advice='Give a directory this user can write to.'):
    """None when FOLDER is a directory this user can write to, or can be created as one; else the message, which
    names it NAME=FOLDER."""
    path = os.path.expanduser(os.path.expandvars(folder))
    if os.path.lexists(path):
        if not os.path.isdir(path):
            return '%s=%s is not a directory. %s' % (name, folder, advice)
        if not os.access(path, os.W_OK | os.X_OK):
            return '%s=%s is a directory this user cannot write to. %s' % (name, folder, advice)
        return None
    parent = os.path.dirname(os.path.abspath(path))
    while not os.path.lexists(parent):
        parent = os.path.dirname(parent)
    if not os.path.isdir(parent):
        return '%s=%s cannot be created: %s is not a directory. %s' % (name, folder, parent, advice)
    if not os.access(parent, os.W_OK | os.X_OK):
        return '%s=%s cannot be created: this user cannot write to %s. %s' % (name, folder, parent, advice)
    return None


class KeyFile:
    """One key file: ``load`` before any write (raises InputError), then ``keep`` the keys of the results."""

    def __init__(self, path, check_mode=False):
        self.path = path
        self.check_mode = check_mode
        self.keys = {}  # the file's mapping, once loaded

    def load(self):
        """The token names the file holds a key for (None without a file: the keys are dropped); an unusable file or
        folder is an InputError naming it. Check mode does not require a folder it could write to."""
        self.keys = {}
        if not self.path:
            return None
        if not HAS_YAML:
            raise InputError('key_file=%s needs the Python library PyYAML on the host that runs the module.' % self.path)
        if os.path.isdir(self.path):
            raise InputError('key_file=%s is a directory; give the path of a file.' % self.path)
        folder = os.path.dirname(os.path.abspath(self.path))
        problem = folder_error('key_file=%s: its folder' % self.path, folder) if not self.check_mode else None
        if problem:
            raise InputError(problem)
        if os.path.exists(self.path) and not os.access(self.path, os.R_OK if self.check_mode else os.R_OK | os.W_OK):
            raise InputError('key_file=%s is a file this user cannot read and write.' % self.path)
        try:
            with open(self.path) as handle:
                keys = yaml.safe_load(handle)
        except (IOError, OSError):
            keys = None  # no file yet (an unreadable one was refused above)
        except yaml.YAMLError:
            keys = []  # not YAML at all: refused below, without the parser's message (it may quote the file)
        if keys is not None and not isinstance(keys, dict):
            raise InputError('key_file=%s is not a YAML mapping of token name to key; it was left as it is and nothing '
                             'was changed.' % self.path)
        self.keys = dict(keys or {})
        return set(self.keys)

    def keep(self, tokens):
        """(TOKENS without their keys, names whose key was written): keys of created and regenerated tokens replace the
        file's, other keys fill a name the file lacks. Check mode writes nothing."""
        merged = dict(self.keys)
        for entry in tokens:
            key = entry.get('key')
            if key and entry.get('action') != 'deleted' and (entry.get('action') in NEW_KEY_ACTIONS or entry['name'] not in merged):
                merged[entry['name']] = key
        written = sorted(name for name in merged if merged[name] != self.keys.get(name))
        kept = [dict((k, v) for k, v in entry.items() if k != 'key') for entry in tokens]
        if not self.path or self.check_mode:
            return kept, []
        if written:
            self._write(merged)
            self.keys = merged
        return kept, written

    def _write(self, keys):
        write_private_file(self.path, HEADER + yaml.safe_dump(keys, default_flow_style=False, sort_keys=True), '.keys-')


def write_private_file(path, text, prefix):
    """Write TEXT to PATH for its owner only: a temporary file (mode 0600, named PREFIX...) in the same folder that
    then replaces PATH, so a reader never sees half a file; missing folders are created with mode 0700."""
    folder = os.path.dirname(os.path.abspath(path))
    missing = []
    while not os.path.isdir(os.path.dirname(missing[-1]) if missing else folder):
        missing.append(os.path.dirname(missing[-1]) if missing else folder)
    for created in reversed(missing):  # every folder it makes (<key dir>/users too) is for its owner only
        os.mkdir(created)
        os.chmod(created, 0o700)  # whatever the umask
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=prefix)  # mode 0600
    try:
        with os.fdopen(handle, 'w') as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def ask_for_missing_keys(items, names, check_mode):
    """The token ITEMS, those whose name the key file lacks (NAMES) asking for their key (include_key): a token made by
    a run stopped before it wrote its key. Check mode, or no file, asks for none."""
    if names is None or check_mode:
        return items
    return [item if item.get('name') in names else dict(item, include_key=True) for item in items]


def keep_keys(key_file, result):
    """RESULT with the keys of its ``tokens`` moved to KEY_FILE, and ``keys_written`` (names); as it is without one."""
    if key_file is None:
        return result
    tokens = result.get('tokens') or []
    try:
        kept, written = key_file.keep(tokens)
    except (IOError, OSError) as exc:
        lost = sorted(t['name'] for t in tokens if t.get('key') and t.get('action') in NEW_KEY_ACTIONS)
        raise Failure('key_file=%s could not be written (%s): the new keys of %s are lost; regenerate those tokens to '
                      'get new ones.' % (key_file.path, exc.strerror or exc, ', '.join(lost) or 'no token'),
                      **dict(result, tokens=[dict((k, v) for k, v in t.items() if k != 'key') for t in tokens], keys_written=[]))
    return dict(result, tokens=kept, keys_written=written)
