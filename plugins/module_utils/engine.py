# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The reconcile engine: desired options -> lookup -> compare -> plan -> apply or predict.

A module describes its resource with a ``Resource`` subclass (paths, fields, a few
hooks); ``run`` does the rest the same way for every resource, so check mode,
diff and secret handling behave identically across the collection.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy
import hashlib
import re

from ansible_collections.ubidots.cloud.plugins.module_utils import contract
from ansible_collections.ubidots.cloud.plugins.module_utils.client import NOT_APPLIED, UbidotsError, fingerprint, redact

# Stands for a value only the server can produce (ids, URLs, timestamps) in check mode.
PREDICTED = '(known after apply)'


class InputError(Exception):
    """Bad module input, found before any write."""


class PartialFailure(UbidotsError):
    """A multi-step change stopped half way; ``result`` holds what exists now."""

    def __init__(self, message, result):
        super(PartialFailure, self).__init__(message)
        self.result = result


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
    known = {'id': reference} if contract.is_id(reference) else {'label': reference.lstrip('~')}
    return dict({'id': PREDICTED, 'label': PREDICTED, 'name': PREDICTED, 'url': PREDICTED}, **known)


def bytes_fingerprint(data):
    return None if data is None else 'sha256:' + hashlib.sha256(data).hexdigest()[:12]


class Field:
    """One module option mapped to one API field: how it is written, read back and compared.

    Subclasses change how a value is normalised; the engine only calls these methods.
    """

    uploaded = False  # True: sent as a multipart file, not in the JSON body

    def __init__(self, option, api_name=None):
        self.option = option
        self.api_name = api_name or option

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

    def view(self, obj):
        """The field as shown in a diff."""
        return obj.get(self.api_name)

    def check(self, params, client):
        """Raise InputError for a value the API would refuse; called before any request."""


class DictField(Field):
    """A free-form dict; merged into what the server has unless ``purge_option`` is true."""

    def __init__(self, option, api_name=None, purge_option=None):
        super(DictField, self).__init__(option, api_name)
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
    """A reference to another object, written as id or ``~label``, read back as {id, label, name, url}.

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

    def view(self, obj):
        linked = obj.get(self.api_name)
        return linked.get('label') if isinstance(linked, dict) else linked


class FileField(Field):
    """A file on the host running the module, uploaded only when its bytes differ from the server's copy.

    The option is a path; an empty string removes the server's file. Compared by content:
    the server's copy is downloaded once (without the token) and fingerprinted.
    """

    uploaded = True

    def __init__(self, option, api_name=None, rendition=contract.IMAGE_RAW_RENDITION):
        super(FileField, self).__init__(option, api_name)
        self.rendition = rendition
        self.client = None
        self.local = None            # (file name, bytes, media type) once read
        self._digests = {}           # server URL -> fingerprint of its bytes

    def check(self, params, client):
        """Read and check the local file; called before any request."""
        self.client = client
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
            raise InputError('%s=%s is not a PNG, JPEG, GIF, ICO or SVG image (checked by its first bytes).'
                             % (self.option, path))
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
        return dict((name, None) for name in ('h36', 'h50', self.rendition))

    def view(self, obj):
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


def _same(value):
    return value


class SetField(Field):
    """An unordered collection of names: order and duplicates never make a difference.

    ``encode`` turns the option's value into API names (raising ValueError, with a message
    naming the bad input, for values it cannot translate); the server reads the collection
    back as a list of items, each named by ``item_name``. ``item_form`` makes the item the
    server would return for a name (check mode) and ``decode`` turns names into the form
    shown in diffs.
    """

    def __init__(self, option, api_name=None, encode=sorted, decode=sorted, item_name=_same, item_form=_same):
        super(SetField, self).__init__(option, api_name)
        self.encode = encode
        self.decode = decode
        self.item_name = item_name
        self.item_form = item_form

    def check(self, params, client):
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

    def view(self, obj):
        return self.decode(self.names(obj))


class Resource:
    """One kind of API object. Subclasses set the class attributes and override hooks as needed."""

    noun = 'object'            # used in messages: 'organization "acme"'
    result_key = 'object'      # the key of the returned object
    identity = 'label'         # the option that names the object
    fields = ()                # Field instances, one per managed option
    defaults = {}              # what the server stores for a field a POST leaves out
    label_options = ()         # options that must follow the API's label rule

    def __init__(self, module):
        self.module = module
        self.params = module.params
        self.client = module.client
        self.fields = copy.deepcopy(type(self).fields)  # FileFields keep per-run state

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
            field.check(self.params, self.client)

    def collection_path(self):
        raise NotImplementedError

    def item_path(self, key):
        raise NotImplementedError

    def find(self):
        return self.client.get(self.item_path(self.key()), missing_ok=True)

    def creation_payload(self):
        """Body of the POST beyond the requested fields (identity and required fields)."""
        return {self.identity: self.key()}

    def predicted_defaults(self, payload):
        """What the server fills in a new object; subclasses add derived fields."""
        obj = copy.deepcopy(self.defaults)
        obj.update((name, PREDICTED) for name in contract.SERVER_MADE_FIELDS)
        return obj

    def resolve(self, planned, current):
        """Check a plan against the server before it is applied or predicted (after the lookup).

        ``planned`` may be completed in place; raise InputError to stop before any write.
        """

    def wants_replacement(self, current):
        """True to replace ``current`` by a new object (created first, then the old one deleted)."""
        return False

    def replacement_payload(self, current):
        """POST body of the object that replaces ``current``: its settings with the user's on top."""
        raise NotImplementedError

    def to_result(self, obj):
        return to_snake_keys(obj)

    def view_extra(self, obj):
        """Diff entries beyond the fields (for example a secret's fingerprint)."""
        return {}

    # --- writes --------------------------------------------------------------------------
    def create(self, payload, replacing=None):
        """POST a new object; ``replacing`` is the object it replaces (the lookup must not mistake one for the other)."""
        return self.client.post(self.collection_path(), payload, confirm=lambda: self._confirm_created(replacing))

    def update(self, current, payload, files=None):
        path = self.item_path(current['id'])
        if files:
            return self.client.patch(path, files=files, confirm=lambda: self._confirm_updated(current, None))
        return self.client.patch(path, payload, confirm=lambda: self._confirm_updated(current, payload))

    def delete(self, current):
        self.client.delete(self.item_path(current['id']), confirm=lambda: self._confirm_deleted(current))

    def _confirm_created(self, replacing=None):
        found = self.find()
        if found is None or (replacing is not None and found.get('id') == replacing.get('id')):
            return NOT_APPLIED
        return found

    def _confirm_updated(self, current, payload):
        found = self.client.get(self.item_path(current['id']))
        if payload is None:  # an upload cannot be confirmed by content cheaply: resend it
            return NOT_APPLIED
        applied = all(not field.differs(found, payload[field.api_name])
                      for field in self.fields if field.api_name in payload)
        return found if applied else NOT_APPLIED

    def _confirm_deleted(self, current):
        found = self.client.get(self.item_path(current['id']), missing_ok=True)
        return None if found is None else NOT_APPLIED

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

    def split(self, planned):
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

    def view(self, obj, fields):
        shown = {self.identity: obj.get(self.identity, self.key())}
        for field in fields:
            shown[field.option] = field.view(obj)
        shown.update(self.view_extra(obj))
        return shown


def run(module, resource_class):
    """Reconcile one object and exit the module."""
    resource = resource_class(module)
    try:
        result = reconcile(resource)
    except InputError as exc:
        module.fail_json(msg=redact(str(exc)))
    except PartialFailure as exc:
        module.fail_json(msg='%s: %s' % (resource.describe(), exc), **exc.result)
    except UbidotsError as exc:
        module.fail_json(msg='%s: %s' % (resource.describe(), exc), status=exc.status, api_code=exc.code)
    module.exit_json(**result)


def reconcile(resource):
    resource.validate()
    current = resource.find()
    if resource.params.get('state') == 'absent':
        return _absent(resource, current)
    if current is None:
        return _create(resource)
    if resource.wants_replacement(current):
        return _replace(resource, current)
    return _update(resource, current)


def _absent(resource, current):
    result = {'changed': current is not None, resource.result_key: {}}
    if current is None:
        return result
    if resource.module._diff:  # shown before deleting: the view may need to read the object's files
        result['diff'] = {'before': resource.view(current, resource.fields), 'after': {}}
    if not resource.module.check_mode:
        resource.delete(current)
    return result


def _create(resource):
    planned = resource.changes(None)
    resource.resolve(planned, None)
    if resource.module.check_mode:
        obj = resource.predict(None, planned)
    else:
        body, files = resource.split(planned)
        body.update(resource.creation_payload())
        try:
            obj = resource.create(body)
        except UbidotsError as exc:
            # A refused creation of an object that exists now: another run created it between our lookup and
            # our POST (the label is taken). Converge on that object instead of failing.
            raced = resource.find() if exc.status == 400 else None
            if raced is None:
                raise
            return _update(resource, raced)
        if files:
            try:
                obj = resource.update(obj, None, files)
            except UbidotsError as exc:
                raise UbidotsError('created (id %s), but uploading %s failed: %s Run the task again to finish.'
                                   % (obj.get('id'), ', '.join(sorted(files)), exc))
    result = {'changed': True, resource.result_key: resource.to_result(obj)}
    if resource.module._diff:
        result['diff'] = {'before': {}, 'after': resource.view(obj, resource.fields)}
    return result


def _update(resource, current):
    planned = resource.changes(current)
    if planned:
        resource.resolve(planned, current)
    managed = resource.requested_fields()
    before = resource.view(current, managed) if resource.module._diff else None
    obj = current
    if planned and resource.module.check_mode:
        obj = resource.predict(current, planned)
    elif planned:
        body, files = resource.split(planned)
        if body:
            obj = resource.update(obj, body)
        if files:
            obj = resource.update(obj, None, files)
    result = {'changed': bool(planned), resource.result_key: resource.to_result(obj)}
    if resource.module._diff:
        result['diff'] = {'before': before, 'after': resource.view(obj, managed)}
    return result


def _replace(resource, current):
    """Create the successor first and delete ``current`` after, so one of them always works."""
    planned = resource.replacement_payload(current)
    resource.resolve(planned, current)
    before = resource.view(current, resource.fields) if resource.module._diff else None
    if resource.module.check_mode:
        obj = resource.predict(None, planned)
    else:
        obj = resource.create(dict(planned, **resource.creation_payload()), replacing=current)
        try:
            resource.delete(current)
        except UbidotsError as exc:
            raise PartialFailure('the replacement (id %s) was created, but deleting the old one (id %s) failed, so both '
                                 'exist now: %s Delete the old one once the API is healthy.'
                                 % (obj.get('id'), current.get('id'), exc),
                                 {'changed': True, resource.result_key: resource.to_result(obj)})
    result = {'changed': True, resource.result_key: resource.to_result(obj)}
    if resource.module._diff:
        result['diff'] = {'before': before, 'after': resource.view(obj, resource.fields)}
    return result


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
            api_name, value = api_name + '__in', ','.join(value)
        query[api_name] = value
    return query


def run_info(module, path, filters, result_key, to_result=to_snake_keys, parent_missing=None):
    """List objects at ``path`` filtered by the module's options and exit the module.

    ``parent_missing`` is the message for a 404 on the list itself: the object the list belongs to does not exist.
    """
    query = query_filters(module.params, filters)
    try:
        objects = module.client.list(path, query)
    except UbidotsError as exc:
        if exc.status == 404 and exc.code == contract.CODE_NOT_FOUND and parent_missing:
            module.fail_json(msg=parent_missing, status=exc.status, api_code=exc.code)
        module.fail_json(msg=str(exc), status=exc.status, api_code=exc.code)
    module.exit_json(changed=False, **{result_key: [to_result(obj) for obj in objects]})
