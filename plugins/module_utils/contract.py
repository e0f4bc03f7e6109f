# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every fact about the Ubidots REST API that the collection relies on.

Paths, field names, defaults, validation tables and error codes live here and
nowhere else. Items marked [assumed] are not published by Ubidots; they are our
best reading of the documented neighbours, and correcting one after a call to the
real API must be a change to this file only.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

DEFAULT_API_URL = 'https://industrial.api.ubidots.com'
API_PREFIX = '/api/v2.0/'
TOKEN_HEADER = 'X-Auth-Token'

# Shape of every secret the API hands out (account tokens and organizational token keys).
SECRET_PATTERN = re.compile(r'BBFF-[A-Za-z0-9]{30}')

# --- errors --------------------------------------------------------------------------
CODE_VALIDATION = 400001
CODE_MISSING_TOKEN = 401001
CODE_WRONG_TOKEN = 401002
CODE_PERMISSION_DENIED = 403001      # [assumed]
CODE_NOT_FOUND = 404001
CODE_METHOD_NOT_ALLOWED = 405001     # [assumed]
CODE_THROTTLED = 429001              # [assumed]

# --- lists ---------------------------------------------------------------------------
FILTER_IN_SUFFIX = '__in'            # ``field__in=a,b`` [doc]
PAGE_SIZE = 1000                     # the API clamps page_size to 1..1000 [assumed]
MAX_PAGES = 100                      # a guard against a server that never stops paging

# --- keys ----------------------------------------------------------------------------
ID_PATTERN = re.compile(r'^[0-9a-f]{24}$')
LABEL_PATTERN = re.compile(r'^[A-Za-z0-9_.:-]{1,100}$')   # [assumed]
LABEL_RULE = '1 to 100 characters of A-Z a-z 0-9 _ . : -'


def is_id(value):
    return bool(ID_PATTERN.match(value or ''))


def object_key(value):
    """Path key for an object given by id or label: ids as they are, labels as ``~label``."""
    if value.startswith('~') or is_id(value):
        return value
    return '~' + value


def matches_reference(reference, obj):
    """True when ``reference`` (an id, a label or ``~label``) names ``obj`` ({id, label, ...})."""
    if not obj:
        return False
    return reference in (obj.get('id'), obj.get('label'), '~%s' % obj.get('label'))


def reference_payload(reference):
    """How a reference to another object (app, API role) is written in a request body."""
    return object_key(reference)


def reference_parts(reference):
    """What a reference says of the object it names: {'id': ...} or {'label': ...} (without the ``~``)."""
    return {'id': reference} if is_id(reference) else {'label': plain_label(reference)}


def plain_label(reference):
    """A label as the user knows it, without the ``~`` that marks a label in a path."""
    return reference[1:] if reference.startswith('~') else reference


# Fields of every object that only the server can fill.
SERVER_MADE_FIELDS = ('id', 'url', 'createdAt')


def listed(values):
    """Values for a message: ``a, b, c``."""
    return ', '.join(str(value) for value in values)


def label_error(option, value):
    """None when ``value`` follows the label rule, else a message naming the option (any value: a role's input check)."""
    if value is not None and not isinstance(value, str):
        return '%s=%r is not a string, so not a valid label: use %s.' % (option, value, LABEL_RULE)
    if LABEL_PATTERN.match(value or ''):
        return None
    return '%s=%r is not a valid label: use %s.' % (option, value, LABEL_RULE)


# --- organizations [doc] ---------------------------------------------------------------
ORGANIZATIONS = 'organizations/'
# Filters of ubidots_organization_info: module option -> API filter (a list becomes ``<filter>__in``).
ORGANIZATION_FILTERS = {
    'label': 'label',
    'name': 'name',
    'id': 'id',
    'is_active': 'isActive',
    'label_startswith': 'label__startswith',
    'name_contains': 'name__icontains',
}
ORGANIZATION_DEFAULTS = {            # what the server stores for a field the POST left out
    'description': '',
    'properties': {},
    'isActive': True,
    'app': None,
    'favicon': None,
    'logo': None,
}
ORGANIZATION_IMAGE_FIELDS = ('favicon', 'logo')
# Read form of an image: URLs of three renditions; ``raw`` returns the uploaded bytes.
IMAGE_RENDITIONS = ('h36', 'h50', 'raw')
IMAGE_RAW_RENDITION = 'raw'
# First bytes of the image formats the API accepts [assumed].
IMAGE_SIGNATURES = (
    (b'\x89PNG\r\n\x1a\n', 'image/png'),
    (b'\xff\xd8\xff', 'image/jpeg'),
    (b'GIF87a', 'image/gif'),
    (b'GIF89a', 'image/gif'),
    (b'\x00\x00\x01\x00', 'image/x-icon'),
    (b'<svg', 'image/svg+xml'),
    (b'<?xml', 'image/svg+xml'),
)
IMAGE_FORMATS_TEXT = 'a PNG, JPEG, GIF, ICO or SVG'  # the formats of IMAGE_SIGNATURES, for messages
ORGANIZATION_LIMITS = (              # the ``limits`` list of a new organization, in order [doc]
    ('devices', 'Devices', 'hdd-o'),
    ('emails', 'Emails', 'envelope'),
    ('variables', 'Variables', 'signal'),
    ('users', 'Users', 'users'),
    ('dots', 'Dots', 'spinner'),
    ('sms', 'SMS', 'mobile-phone'),
    ('voice', 'Voice', None),
)
UNLIMITED = '*'


def organization_path(key=None):
    return ORGANIZATIONS if key is None else '%s%s/' % (ORGANIZATIONS, object_key(key))


def image_media_type(data):
    """Media type of image bytes, or None when the API would refuse them."""
    for signature, media_type in IMAGE_SIGNATURES:
        if data.startswith(signature):
            return media_type
    return None


def new_organization_counters():
    """Read-only counters of an organization that was just created."""
    limits = [dict(type=kind, name=name, icon=icon, actual_value=0, max_value=UNLIMITED)
              for kind, name, icon in ORGANIZATION_LIMITS]
    return {'devicesCount': 0, 'usersCount': 0, 'limits': limits}


# --- organizational API roles [assumed paths and fields] --------------------------------
API_ROLES = 'api_roles/'
ROLE_FILTERS = {'label': 'label', 'name': 'name', 'id': 'id'}
ROLE_DEFAULTS = {'description': '', 'permissions': []}
# Readable names (ours) -> model names in codenames (the API's).
PERMISSION_ENTITIES = {
    'devices': 'device',
    'variables': 'variable',
    'values': 'value',
    'device_groups': 'devicegroup',
    'events': 'event',
}
# CRUD words (ours, as in the help article) -> action prefixes in codenames (the API's).
PERMISSION_ACTIONS = {
    'create': 'add',
    'read': 'view',
    'update': 'change',
    'delete': 'delete',
}


# Deleting an API role that tokens still use is refused with this in ``non_field_errors`` [assumed].
ROLE_IN_USE_PATTERN = re.compile(r'This role is in use by (\d+) tokens?\.')


def role_in_use_count(code, detail):
    """How many tokens still use a role, when an error answer (``code``, ``detail``) says so; else None."""
    if code != CODE_VALIDATION or not isinstance(detail, dict):
        return None
    for message in detail.get('non_field_errors') or []:
        found = ROLE_IN_USE_PATTERN.search(str(message))
        if found:
            return int(found.group(1))
    return None


def role_path(key=None):
    return API_ROLES if key is None else '%s%s/' % (API_ROLES, object_key(key))


def label_from_name(name):
    """The label the server derives from a role name when none is given."""
    slug = re.sub(r'\s+', '-', name.strip().lower())
    slug = re.sub(r'[^a-z0-9_-]', '', slug)
    return slug.strip('-')


def derived_label_error(name):
    """None when the label derived from role ``name`` is valid, else a message saying to set the label."""
    derived = label_from_name(name)
    if label_error('label', derived) is None:
        return None
    return ('label was left out and the one derived from name=%r (%r) is not a valid label; set label (%s).'
            % (name, derived, LABEL_RULE))


def codename(entity, action):
    return '%s_%s' % (PERMISSION_ACTIONS[action], PERMISSION_ENTITIES[entity])


def codename_parts(name):
    """(entity, action) in our words for an API codename, or None when unknown."""
    prefix, _sep, model = name.partition('_')
    actions = dict((v, k) for k, v in PERMISSION_ACTIONS.items())
    entities = dict((v, k) for k, v in PERMISSION_ENTITIES.items())
    if prefix in actions and model in entities:
        return entities[model], actions[prefix]
    return None


def permission_read_form(name):
    """The object the API returns for one granted codename."""
    model = name.partition('_')[2]
    return {'label': name, 'name': 'Can %s %s' % (name.partition('_')[0], model), 'model': model}


# Readable permissions (module options and results): {entity: [action, ...]} with our words.
# Entities without rights are left out; actions come in the order of PERMISSION_ACTIONS.
PERMISSION_ALL = 'all'               # shorthand for every action on an entity


def _requested_actions(entity, actions):
    """The action words given for one entity: a list, a comma-separated string or nothing."""
    if actions is None:
        return []
    if isinstance(actions, str):
        actions = [word.strip() for word in actions.split(',') if word.strip()]
    if not isinstance(actions, (list, tuple)) or not all(isinstance(word, str) for word in actions):
        raise ValueError('permissions.%s must be a list of actions (%s or %s); got %r.'
                         % (entity, listed(PERMISSION_ACTIONS), PERMISSION_ALL, actions))
    return actions


def _expanded_actions(entity, actions):
    granted = set()
    for word in _requested_actions(entity, actions):
        if word == PERMISSION_ALL:
            granted.update(PERMISSION_ACTIONS)
        elif word in PERMISSION_ACTIONS:
            granted.add(word)
        else:
            raise ValueError('permissions.%s: unknown action %r; use %s or %s.'
                             % (entity, word, listed(PERMISSION_ACTIONS), PERMISSION_ALL))
    return granted


def permissions_to_codenames(permissions):
    """Sorted API codenames for readable permissions; ValueError naming the bad entity or action."""
    if not isinstance(permissions, dict):
        raise ValueError('permissions must be a dictionary of entity: [actions]; got %r.' % (permissions,))
    names = set()
    for entity, actions in permissions.items():
        if entity not in PERMISSION_ENTITIES:
            raise ValueError('permissions: unknown entity %r; use %s.' % (entity, listed(PERMISSION_ENTITIES)))
        names.update(codename(entity, action) for action in _expanded_actions(entity, actions))
    return sorted(names)


def codenames_to_permissions(names):
    """Readable permissions for API codenames; entities without rights and unknown codenames are left out."""
    granted = set(parts for parts in (codename_parts(name) for name in names) if parts)
    readable = {}
    for entity in PERMISSION_ENTITIES:
        actions = [action for action in PERMISSION_ACTIONS if (entity, action) in granted]
        if actions:
            readable[entity] = actions
    return readable


def permission_codename(item):
    """The codename of one permission as the API reads it back ({label, name, model})."""
    return item.get('label') if isinstance(item, dict) else item


def role_permissions_result(items):
    """The permission keys of a role in module results: readable and raw (sorted codenames)."""
    names = sorted(set(permission_codename(item) for item in items or []))
    return {'permissions': codenames_to_permissions(names), 'permission_codenames': names}


# --- organizational tokens [assumed paths and fields] -----------------------------------
TOKEN_FILTERS = {'name': 'name', 'id': 'id'}
TOKEN_SECRET_FIELD = 'key'
# Requests per second the API allows each token, the account token included [doc].
API_RATE_LIMIT = 4
API_RATE_LIMIT_WINDOW = 1.0
TOKEN_DEFAULT_RATE_LIMIT = 4
TOKEN_DEFAULT_RATE_LIMIT_WINDOW = 1
# Allowed rateLimit values per rateLimitWindow (seconds) [doc].
TOKEN_RATE_LIMITS = {
    1: (1, 2, 4),
    60: (5, 10, 30, 60),
    300: (10, 30, 90, 180),
    900: (90, 180, 240, 480),
    1800: (90, 240, 480, 720),
    3600: (90, 240, 480, 720, 960),
}


TOKEN_DEFAULTS = {'rateLimit': TOKEN_DEFAULT_RATE_LIMIT, 'rateLimitWindow': TOKEN_DEFAULT_RATE_LIMIT_WINDOW}


def token_path(organization_key, token_id=None):
    base = '%stokens/' % organization_path(organization_key)
    return base if token_id is None else '%s%s/' % (base, token_id)


def rate_limit_error(rate_limit, window):
    """None when the pair is allowed, else a sentence that lists what is allowed."""
    if window not in TOKEN_RATE_LIMITS:
        return 'rate_limit_window=%s is not one of %s seconds.' % (window, listed(sorted(TOKEN_RATE_LIMITS)))
    allowed = TOKEN_RATE_LIMITS[window]
    if rate_limit not in allowed:
        return 'rate_limit=%s is not allowed with rate_limit_window=%s; allowed: %s.' % (
            rate_limit, window, listed(allowed))
    return None


def new_token_rate_limit_error(rate_limit, window):
    """None when a token may be CREATED with this pair (either may be None), else a sentence saying what to do.

    A rate_limit alone gets TOKEN_DEFAULT_RATE_LIMIT_WINDOW; a rate_limit_window alone is refused. Used by
    ubidots_org_token on creation and by the tenant_errors filter, which checks a whole description ahead.
    """
    if rate_limit is None and window is None:
        return None
    if window is not None and window not in TOKEN_RATE_LIMITS:
        return rate_limit_error(rate_limit, window)
    if rate_limit is None:
        return ('rate_limit is required with rate_limit_window=%s when creating a token; set rate_limit too, '
                'allowed: %s.' % (window, listed(TOKEN_RATE_LIMITS[window])))
    if window is not None:
        return rate_limit_error(rate_limit, window)
    default = TOKEN_DEFAULT_RATE_LIMIT_WINDOW
    if rate_limit_error(rate_limit, default) is None:
        return None
    windows = [w for w in sorted(TOKEN_RATE_LIMITS) if rate_limit in TOKEN_RATE_LIMITS[w]]
    if windows:
        return ('rate_limit=%s is not allowed with rate_limit_window=%s, the window a new token gets when '
                'rate_limit_window is left out; allowed: %s. Set rate_limit_window too: rate_limit=%s is allowed '
                'with rate_limit_window=%s.' % (rate_limit, default, listed(TOKEN_RATE_LIMITS[default]),
                                                rate_limit, ' or '.join(str(w) for w in windows)))
    every_window = '; '.join('%s s: %s' % (w, listed(TOKEN_RATE_LIMITS[w])) for w in sorted(TOKEN_RATE_LIMITS))
    return ('rate_limit=%s is not allowed with any rate_limit_window (a new token gets rate_limit_window=%s when it '
            'is left out); allowed: %s. Set rate_limit_window too, with a rate_limit it allows.'
            % (rate_limit, default, every_window))
