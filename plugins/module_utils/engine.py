# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The reconcile engine: desired options -> lookup -> compare -> plan -> apply or predict.

A module describes its resource with a ``Resource`` subclass (options, fields, paths, a few
hooks) or its list with a ``Listing`` subclass; ``run`` does the rest the same way for every
resource, so check mode, diff and secret handling behave identically across the collection.

``run`` knows nothing of AnsibleModule: it takes a ``Task`` (options, modes, client) and returns
the result, or raises ``Failure``. A module's ``main()`` (base.run_module) and the in-process
runner of the action plugins (plugin_utils/in_process.py) turn that into the task's outcome.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy
import hashlib
import re

from ansible_collections.ubidots.cloud.plugins.module_utils import contract
from ansible_collections.ubidots.cloud.plugins.module_utils.client import (
    UbidotsError, WriteOutcomeUnknown, fingerprint, redact)

# Stands for a value only the server can produce (ids, URLs, timestamps) in check mode.
PREDICTED = '(known after apply)'

# What a task did to its object, in every result (``action``), predicted alike in check mode.
CREATED, UPDATED, UNCHANGED, DELETED, REPLACED = 'created', 'updated', 'unchanged', 'deleted', 'replaced'


class Failure(Exception):
    """How a run ends when it cannot do what was asked: a message safe to show and result keys to return."""

    def __init__(self, msg, **result):
        super(Failure, self).__init__(msg)
        self.msg = msg
        self.result = result


class InputError(Exception):
    """Bad module input, found before any write."""


class PartialFailure(UbidotsError):
    """A multi-step change stopped half way; ``result`` holds what exists now."""

    def __init__(self, message, result):
        super(PartialFailure, self).__init__(message)
        self.result = result


class Task:
    """One run of a module: its validated options, its modes, and a client made when first needed."""

    def __init__(self, params, connect, check_mode=False, diff=False, warn=None):
        self.params = params
        self.check_mode = check_mode
        self.diff = diff
        self.warnings = []
        self.secrets = set()  # secrets the task itself made (a generated password): hidden like no_log options
        self._warn = warn or self.warnings.append
        self._connect = connect
        self._client = None

    @property
    def client(self):
        if self._client is None:
            self._client = self._connect(self.params, self.warn)
        return self._client

    def warn(self, message):
        self._warn(message)

    def hide(self, secret):
        """Keep ``secret`` out of the result, wherever it would appear, as AnsibleModule does for no_log options."""
        self.secrets.add(secret)


def snake_case(name):
    return re.sub(r'(?<=[a-z0-9])([A-Z])', r'_\1', name).lower()


def to_snake_keys(obj):
    """Top-level keys in snake_case; nested values (user properties above all) untouched."""
    return dict((snake_case(k), v) for k, v in obj.items())


def secret_result(obj, secret_field, keep_secret=True):
    """Result of an object that holds a secret: its fingerprint always, the secret only when kept and known."""
    result = to_snake_keys(obj)
    secret = obj.get(secret_field)
    result[secret_field + '_fingerprint'] = PREDICTED if secret == PREDICTED else fingerprint(secret)
    if secret is None or not keep_secret:
        result.pop(secret_field, None)
    return result


def predicted_reference(reference):
    """The {id, label, name, url} of an object known only by ``reference`` (id or label)."""
    known = dict.fromkeys(('id', 'label', 'name', 'url'), PREDICTED)
    known.update(contract.reference_parts(reference))
    return known


def bytes_fingerprint(data):
    return None if data is None else 'sha256:' + hashlib.sha256(data).hexdigest()[:12]


def as_is(value):
    return value


class Option:
    """One module option: its name and its argument spec (type, choices, default, no_log, elements...)."""

    def __init__(self, option, **spec):
        self.option = option
        self.spec = dict(spec)
        self.spec.setdefault('type', 'str')

    def argument(self):
        return dict(self.spec)


def argument_spec(options):
    return dict((option.option, option.argument()) for option in options)


class Field(Option):
    """An option mapped to one API field: how it is written, read back and compared.

    Subclasses change how a value is normalised; the engine only calls these methods. A field
    declaration is shared by every run: one that needs per-run state returns a fresh copy from ``bind``.
    """

    uploaded = False  # True: sent as a multipart file, not in the JSON body

    def __init__(self, option, api_name=None, **spec):
        super(Field, self).__init__(option, **spec)
        self.api_name = api_name or option

    def bind(self, client):
        """The field for one run, given its client."""
        return self

    def requested(self, params):
        """The user's value, or None when the option was left out (then it is never touched)."""
        return params.get(self.option)

    def payload(self, value, current, params):
        """What to send for the user's ``value`` given the ``current`` object (None when creating)."""
        return value

    def differs(self, current, payload):
        return current.get(self.api_name) != payload

    def predict(self, payload, current):
        """The field as the server would return it after writing ``payload``."""
        return payload

    def diff_value(self, obj):
        """The field as shown in a diff."""
        return obj.get(self.api_name)

    def check(self, params):
        """Raise InputError for a value the API would refuse; called before any request."""


class DictField(Field):
    """A free-form dict; merged into what the server has unless ``purge_option`` is true."""

    def __init__(self, option, api_name=None, purge_option=None, **spec):
        super(DictField, self).__init__(option, api_name, type='dict', **spec)
        self.purge_option = purge_option

    def payload(self, value, current, params):
        if current is None or (self.purge_option and params.get(self.purge_option)):
            return dict(value)
        merged = dict(current.get(self.api_name) or {})
        merged.update(value)
        return merged

    def differs(self, current, payload):
        return (current.get(self.api_name) or {}) != payload


class ReferenceField(Field):
    """A reference to another object, written as id or label, read back as {id, label, name, url}.

    An empty string clears the reference (sends null).
    """

    def payload(self, value, current, params):
        return contract.reference_payload(value) if value else None

    def differs(self, current, payload):
        linked = current.get(self.api_name)
        if payload is None:
            return linked is not None
        return not contract.matches_reference(payload, linked)

    def predict(self, payload, current):
        if payload is None:
            return None
        linked = current.get(self.api_name) if current else None
        if contract.matches_reference(payload, linked):
            return linked
        return predicted_reference(payload)

    def diff_value(self, obj):
        linked = obj.get(self.api_name)
        return linked.get('label') if isinstance(linked, dict) else linked


class FileField(Field):
    """A file on the host running the module, uploaded only when its bytes differ from the server's copy.

    The option is a path; an empty string removes the server's file. Compared by content:
    the server's copy is downloaded once (without the token) and fingerprinted.
    """

    uploaded = True

    def __init__(self, option, api_name=None, rendition=contract.IMAGE_RAW_RENDITION, **spec):
        super(FileField, self).__init__(option, api_name, type='path', **spec)
        self.rendition = rendition
        self.client = None
        self.local = None            # (file name, bytes, media type) once read
        self._digests = {}           # server URL -> fingerprint of its bytes

    def bind(self, client):
        bound = copy.copy(self)
        bound.client, bound.local, bound._digests = client, None, {}
        return bound

    def check(self, params):
        """Read and check the local file; called before any request."""
        path = params.get(self.option)
        if not path:
            return
        try:
            with open(path, 'rb') as handle:
                data = handle.read()
        except (IOError, OSError) as exc:
            raise InputError('%s=%s cannot be read (%s). Give the path of an image file on the host that runs '
                             'the module.' % (self.option, path, exc.strerror or exc))
        media_type = contract.image_media_type(data)
        if media_type is None:
            raise InputError('%s=%s is not %s image (checked by its first bytes).'
                             % (self.option, path, contract.IMAGE_FORMATS_TEXT))
        self.local = (path.replace('\\', '/').rsplit('/', 1)[-1], data, media_type)

    def payload(self, value, current, params):
        return self.local if value else None

    def differs(self, current, payload):
        server = current.get(self.api_name)
        if payload is None:
            return server is not None
        return self._server_digest(server) != bytes_fingerprint(payload[1])

    def predict(self, payload, current):
        if payload is None:
            return None
        return dict((name, None) for name in contract.IMAGE_RENDITIONS)

    def diff_value(self, obj):
        server = obj.get(self.api_name)
        if server is None:
            return None
        if server.get(self.rendition) is None:  # predicted: it will hold the local file
            return bytes_fingerprint(self.local[1])
        return self._server_digest(server)

    def _server_digest(self, server):
        if not server or not server.get(self.rendition):
            return None
        url = server[self.rendition]
        if url not in self._digests:
            self._digests[url] = bytes_fingerprint(self.client.download(url))
        return self._digests[url]


class SetField(Field):
    """An unordered collection of names: order and duplicates never make a difference.

    ``encode`` turns the option's value into API names (raising ValueError, with a message
    naming the bad input, for values it cannot translate); the server reads the collection
    back as a list of items, each named by ``item_name``. ``item_form`` makes the item the
    server would return for a name (check mode) and ``decode`` turns names into the form
    shown in diffs.
    """

    def __init__(self, option, api_name=None, encode=sorted, decode=sorted, item_name=as_is, item_form=as_is, **spec):
        super(SetField, self).__init__(option, api_name, **spec)
        self.encode = encode
        self.decode = decode
        self.item_name = item_name
        self.item_form = item_form

    def check(self, params):
        value = self.requested(params)
        if value is None:
            return
        try:
            self.encode(value)
        except ValueError as exc:
            raise InputError(str(exc))

    def names(self, obj):
        return sorted(set(self.item_name(item) for item in obj.get(self.api_name) or []))

    def payload(self, value, current, params):
        return sorted(set(self.encode(value)))

    def differs(self, current, payload):
        return set(self.names(current)) != set(payload)

    def predict(self, payload, current):
        return [self.item_form(name) for name in payload]

    def diff_value(self, obj):
        return self.decode(self.names(obj))


STATE = Option('state', choices=['present', 'absent'], default='present')


class Scope:
    """The objects of one list endpoint (the account's organizations or API roles, one organization's tokens),
    read once per client and kept in step with that client's own writes.

    This is the one rule for how the collection reads: a task, with all its loop items (they share a client when
    the modules run in process), reads each scope it touches once, with the largest page size, and decides for
    every object of that scope from that read. When the first page holds the whole list (``next`` is null) every
    lookup is answered from it. When it does not (more objects than one page), an object the page does not hold is
    looked up on its own, so a task managing a few objects in a large account never reads many pages.
    """

    def __init__(self, client, path, key_field='id', query=None):
        self.client = client
        self.path = path
        self.query = query          # query parameters of the read (users: the fields that bring memberships)
        self.key_field = key_field  # what tells two objects apart (user roles have no id: their label)
        self.objects = None        # None until read
        self.complete = False      # the read holds every object of the scope
        self.parent_missing = False  # the list answered 404: the object it belongs to does not exist

    def refresh(self):
        """Read the scope (again): after a write whose outcome is unknown, or to see other runs' objects."""
        try:
            page = self.client.page(self.path, self.query)
        except UbidotsError as exc:
            if exc.code != contract.CODE_NOT_FOUND:  # only the API's own "not found" says the parent is missing
                raise
            self.objects, self.complete, self.parent_missing = [], True, True
            return self
        self.objects, self.complete, self.parent_missing = list(page['results']), not page.get('next'), False
        return self

    def read(self):
        return self if self.objects is not None else self.refresh()

    def search(self, match, look_up_alone, known=()):
        """The objects for which ``match`` is true, from the read; when the read is only a first page and holds none,
        ``look_up_alone()`` asks the API for them (it returns a list, or one object or None).

        ``known``: objects of this scope that an earlier task has just read or made and handed over (an option such
        as ``known_api_roles``). Until this client reads the scope itself, a match among them is the answer, with
        no request; without one, the scope is read as usual."""
        if self.objects is None:
            handed_over = [obj for obj in known if match(obj)]
            if handed_over:
                return handed_over
        found = [obj for obj in self.read().objects if match(obj)]
        if found or self.complete:
            return found
        alone = look_up_alone()
        return alone if isinstance(alone, list) else [alone] if alone else []

    def remember(self, obj):
        """A write of this client created or changed ``obj``."""
        key = obj.get(self.key_field) if obj else None
        if self.objects is not None and key:
            self.objects = [o for o in self.objects if o.get(self.key_field) != key] + [obj]

    def forget(self, obj):
        """A write of this client deleted ``obj``."""
        if self.objects is not None:
            self.objects = [o for o in self.objects if o.get(self.key_field) != obj.get(self.key_field)]


def handed_over(entries, option, identities, check_mode):
    """The objects an earlier task returned (the entries of its result), as ``Scope.search`` takes them in ``known``:
    each must name its object by one of ``identities``; those the earlier task deleted are left out, and those it
    only predicted (check mode, no id yet) count in check mode only, where they stand for what it would create."""
    objects = []
    for index, entry in enumerate(entries or ()):
        if not any(entry.get(identity) for identity in identities):
            raise InputError('%s[%d] names nothing (it has neither %s): %s. Give the result of the earlier task as it '
                             'returned it.' % (option, index, ' nor '.join(identities), sorted(entry)))
        if entry.get('action') == 'deleted' or (entry.get('id') == PREDICTED and not check_mode):
            continue
        objects.append(entry)
    return objects


def first(found):
    """The first of a Scope.search, or None."""
    return found[0] if found else None


def scope_of(client, path, key_field='id', query=None):
    """The Scope of ``path`` for this client: one read per task (and its loop items)."""
    if path not in client.scopes:
        client.scopes[path] = Scope(client, path, key_field, query)
    return client.scopes[path]


# What a re-read says of a write whose outcome was unknown (see ``write``), besides the object it shows.
NOT_APPLIED = object()   # the write did not take effect
UNDONE = object()        # it took effect, and was undone because its answer held what no read shows again
UNDECIDED = object()     # the re-read cannot tell


def write(client, send, took_effect, subject, repeatable=True):
    """Send a write through ``send()`` and return its answer. When the client reports its outcome unknown
    (WriteOutcomeUnknown), the answer comes from a re-read instead: ``took_effect()`` re-reads the scope the write
    touched (Scope.refresh) and returns the object as the server holds it now when the write took effect (None for
    a deletion), NOT_APPLIED when it did not, UNDONE, or UNDECIDED. A write that did not take effect, or was undone,
    is sent again, now that this is safe. ``took_effect`` None: a repeatable write that no read shows (an upload, a
    password), sent again unread.

    A write that is not ``repeatable`` (a creation) and got no answer in time may still be applied after a read that
    does not show it: it is never sent again, only read for again. All of it lasts at most the client's retry budget;
    then, or when the read cannot tell, UbidotsError says the outcome is unknown and to check ``subject``.
    """
    waits = None
    while True:
        try:
            return send()
        except WriteOutcomeUnknown as exc:
            unknown = exc
        waits = waits or _Waits(client, subject)  # from the first unknown outcome on
        outcome = _decided(unknown, took_effect, subject) if took_effect else NOT_APPLIED  # unread: sent again
        while outcome is NOT_APPLIED and unknown.late and not repeatable:
            waits.next(unknown, 'it has not shown up in a re-read; the server may still apply it, so it was not sent '
                                'again')
            outcome = _decided(unknown, took_effect, subject)
        if outcome is UNDECIDED:
            raise UbidotsError('%s A re-read cannot tell whether it took effect. %s' % (unknown, _check(subject)))
        if outcome is not NOT_APPLIED and outcome is not UNDONE:
            return outcome
        waits.next(unknown, 'each time it was sent, it did not take effect or nothing said whether it did')


def _decided(unknown, took_effect, subject):
    try:
        return took_effect()
    except UbidotsError as exc:
        raise UbidotsError('%s Reading whether it took effect failed too: %s %s' % (unknown, exc, _check(subject)))


def _check(subject):
    return 'Check %s on the server, then run the task again.' % subject


class _Waits:
    """The waits between the reads and sends of one write of unknown outcome, within the client's retry budget."""

    def __init__(self, client, subject):
        self.client = client
        self.subject = subject
        self.started = client.clock()
        self.count = 0

    def next(self, unknown, why):
        """Sleep before the next read or send; UbidotsError (the outcome is unknown) once the budget is spent."""
        self.count += 1
        retry = self.client.retry
        delay = retry.delay(self.count)
        elapsed = self.client.clock() - self.started
        if not retry.allows(self.count, elapsed, delay):
            raise UbidotsError('%s Its outcome is still unknown after %.1fs (%s); retry budget: %s. %s'
                               % (unknown, elapsed, why, retry.describe(), _check(self.subject)))
        self.client.sleep(delay)


class Resource:
    """One kind of API object. Subclasses set the class attributes and override hooks as needed."""

    noun = 'object'            # used in messages: 'organization "acme"'
    result_key = 'object'      # the key of the returned object
    identity = 'label'         # the option that names the object
    options = ()               # Options that are not API fields (identity, parent, switches), state excluded
    fields = ()                # Field instances, one per managed option
    constraints = {}           # required_one_of and the like, as AnsibleModule takes them
    defaults = {}              # what the server stores for a field a POST leaves out
    label_options = ('label',)  # options that must follow the API's label rule (skipped where a resource has none)
    lookup_field = 'label'     # the API field that holds the identity, in the scope's objects
    unique_identity = True     # the API refuses a second object with the same identity (a 400 may mean: taken)
    key_field = 'id'           # the field that addresses an existing object in its item path
    replacement_action = REPLACED
    shown_once = None          # a field only the answer to the creation holds (a token's key): see _created
    read_after_creation = False  # the last creation's object came from a read of its scope made after it (see _created)

    def __init__(self, task):
        self.task = task
        self.params = task.params
        self.client = task.client
        self.fields = [field.bind(self.client) for field in type(self).fields]

    @classmethod
    def module_spec(cls):
        """The module's argument spec and constraints, from the option and field declarations."""
        spec = argument_spec(tuple(cls.options) + tuple(cls.fields) + (STATE,))
        return dict(cls.constraints, argument_spec=spec, supports_check_mode=True)

    @classmethod
    def execute(cls, task):
        return run(task, cls)

    # --- hooks -------------------------------------------------------------------------
    def key(self):
        return self.params[self.identity]

    def describe(self):
        return '%s "%s"' % (self.noun, self.key())

    def validate(self):
        """Check the input before any request; raise InputError with the option and value."""
        for option in self.label_options:
            if self.params.get(option) is not None and contract.label_error(option, self.params[option]):
                raise InputError(contract.label_error(option, self.params[option]))
        for field in self.fields:
            field.check(self.params)

    def collection_path(self):
        raise NotImplementedError

    def item_path(self, key):
        raise NotImplementedError

    def scope(self):
        """The list this object belongs to, read once per client (see Scope)."""
        return scope_of(self.client, self.collection_path(), self.key_field)

    def find(self):
        """The object on the server, or None: from the scope when it holds the whole list, else looked up alone."""
        return first(self.scope().search(lambda obj: obj.get(self.lookup_field) == self.key(),
                                         lambda: self.client.get(self.item_path(self.key()), missing_ok=True)))

    def creation_payload(self):
        """Body of the POST beyond the requested fields (identity and required fields)."""
        return {self.identity: self.key()}

    def predicted_defaults(self, payload):
        """What the server fills in a new object; subclasses add derived fields."""
        obj = copy.deepcopy(self.defaults)
        obj.update((name, PREDICTED) for name in contract.SERVER_MADE_FIELDS)
        return obj

    def check_against(self, current):
        """Check the input against what exists (``current``, None when missing) before any write; raise InputError."""

    def complete_plan(self, planned, current):
        """Check a plan against the server before it is applied or predicted (after the lookup).

        ``planned`` may be completed in place; raise InputError to stop before any write.
        """

    def wants_replacement(self, current):
        """True to replace ``current`` by a new object (created first, then the old one deleted)."""
        return False

    def replacement_payload(self, current):
        """POST body of the object that replaces ``current``: its settings with the user's on top."""
        raise NotImplementedError

    def to_result(self, obj, action):
        """The object as returned to the user, after ``action``."""
        return to_snake_keys(obj)

    def diff_extras(self, obj):
        """Diff entries beyond the fields (for example a secret's fingerprint)."""
        return {}

    def write_refused(self, error):
        """An InputError that says in the user's words why the API refused a write (UbidotsError ``error``), or None."""
        return None

    def deletion_refused(self, error):
        """(advice, result keys) for a DELETE the API refused for a reason the user can act on; None: fail as usual."""
        return None

    # --- writes: a write whose outcome is unknown is decided from a re-read of the scope (see ``write``) ---------
    def create(self, payload, replacing=None):
        """POST a new object; ``replacing`` is the object it replaces (the lookup must not mistake one for the other)."""
        self.read_after_creation = False
        made = write(self.client, lambda: self.client.post(self.collection_path(), payload),
                     lambda: self._created(replacing), self.describe(), repeatable=False)
        self.scope().remember(made)
        return made

    def update(self, current, payload, files=None):
        path = self.item_path(current[self.key_field])
        # An upload cannot be compared by content cheaply, nor a write-only value (a password) read back: both are
        # sent again when their outcome is unknown, which does the same as once.
        unread = files or set(payload) - set(field.api_name for field in self.fields)
        changed = write(self.client, lambda: self.client.patch(path, payload, files),
                        None if unread else lambda: self._updated(current, payload), self.describe())
        self.scope().remember(changed)
        return changed

    def delete(self, current):
        write(self.client, lambda: self.client.delete(self.item_path(current[self.key_field])),
              lambda: self._deleted(current), self.describe())
        self.scope().forget(current)

    def made_by_creation(self, replacing):
        """The object a creation made, in the scope as read (``replacing`` excluded), or None."""
        found = self.find()
        if found is None or (replacing is not None and found.get(self.key_field) == replacing.get(self.key_field)):
            return None
        return found

    def _created(self, replacing):
        self.scope().refresh()
        made = self.made_by_creation(replacing)
        if made is None:
            return NOT_APPLIED
        if self.shown_once and self.shown_once not in made:
            # Made, but the lost answer held its key and no read shows it again: delete it, so that the creation
            # sent again hands out a key we hold.
            self.delete(made)
            return UNDONE
        self.read_after_creation = True  # the scope as read now holds it
        return made

    def _updated(self, current, payload):
        now = self._reread(current)
        if now is None:
            return UNDECIDED  # gone: deleted by someone else, whatever our write did
        applied = all(not field.differs(now, payload[field.api_name]) for field in self.fields if field.api_name in payload)
        return now if applied else NOT_APPLIED

    def _deleted(self, current):
        return None if self._reread(current) is None else NOT_APPLIED

    def _reread(self, current):
        """``current`` as the server holds it now (None when gone), from a new read of its scope."""
        key = current[self.key_field]
        return first(self.scope().refresh().search(lambda obj: obj.get(self.key_field) == key,
                                                   lambda: self.client.get(self.item_path(key), missing_ok=True)))

    # --- planning ----------------------------------------------------------------------
    def requested_fields(self):
        return [f for f in self.fields if f.requested(self.params) is not None]

    def changes(self, current):
        """{api name: payload} for every requested field that differs from ``current`` (None: all)."""
        planned = {}
        for field in self.requested_fields():
            payload = field.payload(field.requested(self.params), current, self.params)
            if current is None or field.differs(current, payload):
                planned[field.api_name] = payload
        return planned

    def body_and_files(self, planned):
        """(JSON body, multipart files) of a plan."""
        uploads = [f for f in self.fields if f.uploaded and planned.get(f.api_name) is not None]
        files = dict((f.api_name, planned[f.api_name]) for f in uploads)
        body = dict((k, v) for k, v in planned.items() if k not in files)
        return body, files

    def predict(self, current, planned):
        """The object the server would return after applying ``planned`` (creating when ``current`` is None)."""
        if current is None:
            obj = self.predicted_defaults(planned)
            obj.update(self.creation_payload())
            base = None
        else:
            obj = copy.deepcopy(current)
            base = current
        by_api_name = dict((f.api_name, f) for f in self.fields)
        for api_name, payload in planned.items():
            field = by_api_name.get(api_name)
            obj[api_name] = field.predict(payload, base) if field else payload
        return obj

    def diff_view(self, obj, fields):
        """What a diff shows of ``obj``: its identity, the given fields, and the extras."""
        shown = {self.identity: obj.get(self.identity, self.key())}
        for field in fields:
            shown[field.option] = field.diff_value(obj)
        shown.update(self.diff_extras(obj))
        return shown


def run(task, resource_class):
    """Reconcile one object; the result, or Failure with a message that never holds a secret."""
    return run_resource(resource_class(task))


def run_resource(resource):
    """``run`` for a resource already made (a definition that adds steps of its own keeps it)."""
    try:
        return reconcile(resource)
    except InputError as exc:
        raise Failure(redact(str(exc)))
    except PartialFailure as exc:
        raise Failure('%s: %s' % (resource.describe(), exc), **exc.result)
    except UbidotsError as exc:
        refused = resource.write_refused(exc)
        if refused is not None:
            raise Failure(redact(str(refused)), status=exc.status, api_code=exc.code)
        raise Failure('%s: %s' % (resource.describe(), exc), status=exc.status, api_code=exc.code)


def reconcile(resource):
    resource.validate()
    current = resource.find()
    resource.check_against(current)
    if resource.params.get('state') == 'absent':
        return _absent(resource, current)
    if current is None:
        return _create(resource)
    if resource.wants_replacement(current):
        return _replace(resource, current)
    return _update(resource, current)


def _result(resource, action, obj, before=None, after=None):
    """Every result has the same keys: changed, action, check_mode, the object, and with --diff the diff."""
    result = {'changed': action != UNCHANGED, 'action': action, 'check_mode': bool(resource.task.check_mode),
              resource.result_key: {} if obj is None else resource.to_result(obj, action)}
    if resource.task.diff and (before is not None or after is not None):
        result['diff'] = {'before': before or {}, 'after': after or {}}
    return result


def _absent(resource, current):
    if current is None:
        return _result(resource, UNCHANGED, None)
    # Shown before deleting: the view may need to read the object's files.
    before = resource.diff_view(current, resource.fields) if resource.task.diff else None
    if not resource.task.check_mode:
        try:
            resource.delete(current)
        except UbidotsError as exc:
            refused = resource.deletion_refused(exc)
            if refused is None:
                raise
            advice, keys = refused
            raise Failure('%s: not deleted, nothing was changed: %s %s' % (resource.describe(), exc, advice),
                          changed=False, action=UNCHANGED, check_mode=False, status=exc.status, api_code=exc.code,
                          **dict(keys, **{resource.result_key: resource.to_result(current, UNCHANGED)}))
    return _result(resource, DELETED, None, before, {})


def _create(resource):
    planned = resource.changes(None)
    resource.complete_plan(planned, None)
    if resource.task.check_mode:
        obj = resource.predict(None, planned)
    else:
        body, files = resource.body_and_files(planned)
        body = dict(resource.creation_payload(), **body)  # the creation's required fields, unless the user set them
        try:
            obj = resource.create(body)
        except UbidotsError as exc:
            # A refused creation of an object that exists now: another run created it between our lookup and
            # our POST (the label is taken). Converge on that object instead of failing.
            taken = exc.status == 400 and resource.unique_identity
            raced = resource.scope().refresh() and resource.find() if taken else None
            if raced is None:
                raise
            return _update(resource, raced)
        if files:
            try:
                obj = resource.update(obj, None, files)
            except UbidotsError as exc:
                raise UbidotsError('created (id %s), but uploading %s failed: %s Run the task again to finish.'
                                   % (obj.get('id'), ', '.join(sorted(files)), exc))
    after = resource.diff_view(obj, resource.fields) if resource.task.diff else None
    return _result(resource, CREATED, obj, {}, after)


def _update(resource, current):
    planned = resource.changes(current)
    if planned:
        resource.complete_plan(planned, current)
    managed = resource.requested_fields()
    before = resource.diff_view(current, managed) if resource.task.diff else None
    obj = current
    if planned and resource.task.check_mode:
        obj = resource.predict(current, planned)
    elif planned:
        body, files = resource.body_and_files(planned)
        if body:
            obj = resource.update(obj, body)
        if files:
            obj = resource.update(obj, None, files)
    after = resource.diff_view(obj, managed) if resource.task.diff else None
    return _result(resource, UPDATED if planned else UNCHANGED, obj, before, after)


def _replace(resource, current):
    """Create the successor first and delete ``current`` after, so one of them always works."""
    planned = resource.replacement_payload(current)
    resource.complete_plan(planned, current)
    before = resource.diff_view(current, resource.fields) if resource.task.diff else None
    action = resource.replacement_action
    if resource.task.check_mode:
        obj = resource.predict(None, planned)
    else:
        obj = resource.create(dict(planned, **resource.creation_payload()), replacing=current)
        try:
            resource.delete(current)
        except UbidotsError as exc:
            raise PartialFailure('the replacement (id %s) was created, but deleting the old one (id %s) failed, so both '
                                 'exist now: %s Delete the old one once the API is healthy.'
                                 % (obj.get('id'), current.get('id'), exc), _result(resource, action, obj))
    after = resource.diff_view(obj, resource.fields) if resource.task.diff else None
    return _result(resource, action, obj, before, after)


class Filter(Option):
    """An option of an info module that becomes an API list filter (``api_filters`` of its Listing names it)."""


def labels_filter():
    """The ``label`` filter of an info module: one label or a list of them."""
    return Filter('label', type='list', elements='str')


class Listing:
    """What an info module lists: a path, filters, and how each object is returned."""

    result_key = 'objects'
    options = ()               # Filter options and other options
    api_filters = {}           # filter option -> API filter name (contract)
    constraints = {}           # required_one_of and the like, as AnsibleModule takes them

    def __init__(self, task):
        self.task = task
        self.params = task.params

    @classmethod
    def module_spec(cls):
        return dict(cls.constraints, argument_spec=argument_spec(cls.options), supports_check_mode=True)

    @classmethod
    def execute(cls, task):
        return cls(task).run()

    def path(self):
        raise NotImplementedError

    def to_result(self, obj):
        return to_snake_keys(obj)

    def parent_missing(self, path):
        """The message for a 404 on the list ``path`` itself (its parent object does not exist), or None."""
        return None

    def query(self):
        """API query parameters for the filters the user set (a list becomes ``<filter>__in``)."""
        wanted = dict((o.option, self.params.get(o.option)) for o in self.options if isinstance(o, Filter))
        return query_filters(wanted, self.api_filters)

    def paths(self):
        """The list endpoints to read, one request each (and one per further page): ``path()`` by default."""
        return [self.path()]

    def run(self):
        objects = []
        for path in self.paths():
            try:
                objects.extend(self.task.client.list(path, self.query()))
            except UbidotsError as exc:
                missing = exc.status == 404 and exc.code == contract.CODE_NOT_FOUND  # the API's own word, not a proxy's page
                message = (self.parent_missing(path) if missing else None) or str(exc)
                raise Failure(message, status=exc.status, api_code=exc.code)
        return {'changed': False, 'action': UNCHANGED, 'check_mode': bool(self.task.check_mode),
                self.result_key: [self.to_result(obj) for obj in objects]}


def query_filters(params, filters):
    """API query parameters for the info options the user set; ``filters`` maps option -> API filter."""
    query = {}
    for option, api_name in filters.items():
        value = params.get(option)
        if value is None:
            continue
        if isinstance(value, bool):
            value = 'true' if value else 'false'
        elif isinstance(value, (list, tuple)):
            api_name, value = api_name + contract.FILTER_IN_SUFFIX, ','.join(value)
        query[api_name] = value
    return query
