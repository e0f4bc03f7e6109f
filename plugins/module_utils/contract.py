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
# Request and answer fields whose value is a secret (a user's password, a token's key): never kept or shown.
SECRET_FIELDS = ('password', 'key', 'token')

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
# What the list endpoint filters on [doc]: ``<field>=`` (exact) or ``<field>__<operator>=``; any other
# query parameter is ignored by the API, so a misspelt filter would silently list everything.
ORGANIZATION_FILTER_FIELDS = ('id', 'label', 'name', 'isActive')
FILTER_OPERATORS = ('in', 'startswith', 'icontains')
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


def in_use_count(code, detail, pattern):
    """How many objects still use a role, when an error answer (``code``, ``detail``) says so with ``pattern``
    (ROLE_IN_USE_PATTERN, USER_ROLE_IN_USE_PATTERN); else None."""
    if code != CODE_VALIDATION or not isinstance(detail, dict):
        return None
    for message in detail.get('non_field_errors') or []:
        found = pattern.search(str(message))
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


def codename(entity, action, entities=None):
    return '%s_%s' % (PERMISSION_ACTIONS[action], (entities or PERMISSION_ENTITIES)[entity])


def codename_parts(name, entities=None):
    """(entity, action) in our words for an API codename, or None when unknown."""
    prefix, _sep, model = name.partition('_')
    actions = dict((v, k) for k, v in PERMISSION_ACTIONS.items())
    by_model = dict((v, k) for k, v in (entities or PERMISSION_ENTITIES).items())
    if prefix in actions and model in by_model:
        return by_model[model], actions[prefix]
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


def permissions_to_codenames(permissions, entities=None, specials=None):
    """Sorted API codenames for readable permissions; ValueError naming the bad entity or action.

    ``entities`` maps our entity names to API models (default: the API roles' PERMISSION_ENTITIES); ``specials``
    maps entity names that stand for one read-only codename (user roles' USER_PERMISSION_SPECIALS) to it.
    """
    entities, specials = entities or PERMISSION_ENTITIES, specials or {}
    if not isinstance(permissions, dict):
        raise ValueError('permissions must be a dictionary of entity: [actions]; got %r.' % (permissions,))
    names = set()
    for entity, actions in permissions.items():
        if entity in specials:
            granted = _expanded_actions(entity, actions)
            if granted - set(['read']):
                raise ValueError('permissions.%s: only read is possible; got %s.' % (entity, listed(sorted(granted))))
            names.update([specials[entity]] if granted else [])
        elif entity in entities:
            names.update(codename(entity, action, entities) for action in _expanded_actions(entity, actions))
        else:
            raise ValueError('permissions: unknown entity %r; use %s.' % (entity, listed(list(entities) + list(specials))))
    return sorted(names)


def codenames_to_permissions(names, entities=None, specials=None):
    """Readable permissions for API codenames; entities without rights and unknown codenames are left out."""
    entities, specials = entities or PERMISSION_ENTITIES, specials or {}
    granted = set(parts for parts in (codename_parts(name, entities) for name in names) if parts)
    readable = {}
    for entity in entities:
        actions = [action for action in PERMISSION_ACTIONS if (entity, action) in granted]
        if actions:
            readable[entity] = actions
    readable.update((entity, ['read']) for entity, special in specials.items() if special in names)
    return readable


def permission_codename(item):
    """The codename of one permission as the API reads it back ({label, name, model})."""
    return item.get('label') if isinstance(item, dict) else item


def role_permissions_result(items, readable=None):
    """The permission keys of a role in module results: readable (``readable``: codenames_to_permissions or
    user_codenames_to_permissions) and raw (sorted codenames)."""
    names = sorted(set(permission_codename(item) for item in items or []))
    return {'permissions': (readable or codenames_to_permissions)(names), 'permission_codenames': names}


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


def unknown_role_refusal(code, detail):
    """True when an error answer to a token write says its API role does not exist (400001, ``detail.apiRole``)."""
    return code == CODE_VALIDATION and isinstance(detail, dict) and 'apiRole' in detail


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


# --- user roles (what a user may do in the app; not the API roles above) [doc: paths; assumed: catalogue] ----------
USER_ROLES = 'roles/'
USER_ROLE_FILTERS = {'label': 'label', 'name': 'name'}
USER_ROLE_DEFAULTS = {'description': '', 'permissions': [], 'isActive': True}
# Every account has these; the API refuses to change or delete them [doc: labels; assumed: the refusal].
BUILTIN_USER_ROLES = ('viewer', 'dashboards-viewer')
# Readable names (ours) -> model names in codenames (the API's) [assumed: the catalogue].
USER_PERMISSION_ENTITIES = {
    'dashboards': 'dashboard',
    'widgets': 'widget',
    'devices': 'device',
    'variables': 'variable',
    'device_groups': 'devicegroup',
    'events': 'event',
    'reports': 'report',
    'users': 'user',
    'organizations': 'organization',
}
# Two codenames outside the <action>_<model> pattern [doc], written readably as entities of their own with 'read'.
USER_PERMISSION_SPECIALS = {'widget_data': 'view_widget_data', 'insight_data': 'view_insightpg_data'}
# How the API reads those two back [assumed].
USER_PERMISSION_SPECIAL_FORMS = {
    'view_widget_data': {'label': 'view_widget_data', 'name': 'Can view widget data', 'model': 'widget'},
    'view_insightpg_data': {'label': 'view_insightpg_data', 'name': 'Can view insight data', 'model': 'insight'},
}


def user_role_path(label=None):
    """User roles are addressed by their plain label: no id, no ``~`` [doc]."""
    return USER_ROLES if label is None else '%s%s/' % (USER_ROLES, label)


def user_permissions_to_codenames(permissions):
    return permissions_to_codenames(permissions, USER_PERMISSION_ENTITIES, USER_PERMISSION_SPECIALS)


def user_codenames_to_permissions(names):
    return codenames_to_permissions(names, USER_PERMISSION_ENTITIES, USER_PERMISSION_SPECIALS)


def user_permission_read_form(name):
    """The object the API returns for one granted user-role codename."""
    return dict(USER_PERMISSION_SPECIAL_FORMS.get(name) or permission_read_form(name))


def builtin_user_role_error(label):
    """None unless ``label`` names a built-in user role, which the API refuses to change."""
    if label in BUILTIN_USER_ROLES:
        return ('label=%s is a built-in user role: it can be read and given to users, never changed or deleted. '
                'Create a role of your own with another label.' % label)
    return None


# Deleting a user role that memberships still use is refused with this in ``non_field_errors`` [assumed].
USER_ROLE_IN_USE_PATTERN = re.compile(r'This role is in use by (\d+) users?\.')


# --- users [doc: create, get, update, delete user; assumed where marked] -----------------------------------------
USERS = 'users/'
USER_FILTERS = {'username': 'username', 'email': 'email', 'is_active': 'isActive', 'id': 'id'}   # [assumed]
USER_DEFAULTS = {'firstName': '', 'lastName': '', 'isActive': True, 'tags': [], 'properties': {},
                 'defaultOrganization': None, 'lastLogin': None}
# ``fields=`` that asks for every field of a user and its memberships, which only come on demand [doc].
USER_FIELDS_WITH_MEMBERSHIPS = ('id,url,username,email,firstName,lastName,isActive,tags,defaultOrganization,'
                                'properties,lastLogin,createdAt,organizations')
USERNAME_PATTERN = re.compile(r'^[A-Za-z0-9_-]{1,150}$')          # [doc: characters; assumed: length]
USERNAME_FORBIDDEN_PREFIX = 'testing'                              # any case [doc]
EMAIL_PATTERN = re.compile(r'^[^@\s]+@[^@\s]+\.[^@\s.]+$')         # [assumed]
PASSWORD_LENGTH = (8, 128)                                         # [assumed]
USER_TAGS_MAX, USER_TAG_LENGTH = 20, (1, 50)                       # [doc]
# The server's own key in a user's properties: set on every password write, ignored when written [doc: the field].
SERVER_USER_PROPERTIES = ('password_update_timestamp',)


def user_path(key=None, action=None):
    """``users/``, ``users/<id or ~username>/``, or one of its actions (``_/assign_organizations/``)."""
    if key is None:
        return USERS
    path = '%s%s/' % (USERS, object_key(key))
    return path if action is None else '%s_/%s/' % (path, action)


def username_error(username):
    if not USERNAME_PATTERN.match(username or ''):
        return ('username=%r is not a valid username: use 1 to 150 letters, digits, _ and -.' % (username,))
    if username.lower().startswith(USERNAME_FORBIDDEN_PREFIX):
        return 'username=%s must not start with "%s" (in any case): the API refuses it.' % (username, USERNAME_FORBIDDEN_PREFIX)
    return None


def email_error(email):
    if email is not None and not EMAIL_PATTERN.match(email):
        return 'email=%r is not an e-mail address such as name@example.com.' % (email,)
    return None


def password_error(length):
    """None when a password of ``length`` characters is accepted; never names the password itself."""
    low, high = PASSWORD_LENGTH
    if not low <= length <= high:
        return 'password must have %d to %d characters; the one given has %d.' % (low, high, length)
    return None


def tags_error(tags):
    unique = list(dict.fromkeys(tags))
    if len(unique) > USER_TAGS_MAX:
        return 'tags: at most %d different tags; got %d.' % (USER_TAGS_MAX, len(unique))
    low, high = USER_TAG_LENGTH
    bad = [tag for tag in unique if not low <= len(tag) <= high]
    if bad:
        return 'tags: each tag needs %d to %d characters; %r does not.' % (low, high, bad[0])
    return None


# --- organization memberships [doc: assign organizations; assumed where marked] -----------------------------------
ASSIGN_ORGANIZATIONS = 'assign_organizations'
REMOVE_ORGANIZATIONS = 'remove_organizations'
# Keys of the ``invitation`` of an assignment: module option -> API name [doc] (``message`` is a name Ansible keeps).
INVITATION_FIELDS = {'subject': 'subject', 'text': 'message', 'app_id': 'ubiAppId', 'expires': 'expires',
                     'reset_password': 'resetPassword'}


def membership_item(organization, role=None, invitation=None):
    """One item of an assign (organization and role) or remove (organization only) request body."""
    item = {'label': plain_label(organization)}
    if role is not None:
        item['role'] = role
    if invitation:
        item['invitation'] = invitation
    return item


def memberships_of(user):
    """{organization label: role label} of a user read with USER_FIELDS_WITH_MEMBERSHIPS (or an assign answer)."""
    return dict((m.get('label'), (m.get('role') or {}).get('label')) for m in user.get('organizations') or [])


# The members of one organization, each with the user role held there [assumed: path]. Items:
# {id, url, username, email, role: {label, name, url}}.
ORGANIZATION_USERS = 'users'


def organization_users_path(organization):
    """``organizations/<id or ~label>/users/``: the organization's members."""
    return '%s%s/' % (organization_path(organization), ORGANIZATION_USERS)


def member_roles(listing):
    """{username: role label} of the items of an organization's users list."""
    return dict((item.get('username'), (item.get('role') or {}).get('label')) for item in listing)
