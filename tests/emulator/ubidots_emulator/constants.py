# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every choice the emulator makes about the API, in one place.

The API contract the collection targets marks items [doc], [assumed] or [emulator].
Anything [assumed] lives here so that a correction after one call to the real API is
a one-line change, mirroring plugins/module_utils on the collection side.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

API_PREFIX = '/api/'
API_V2 = '/api/v2.0'
API_V16 = '/api/v1.6'
CONTROL_PREFIX = '/_emulator/'
MEDIA_PREFIX = '/media/images'  # [emulator] where uploaded images are served, without a token

TOKEN_HEADER = 'X-Auth-Token'
TOKEN_PARAM = 'token'
TOKEN_PREFIX = 'BBFF-'
TOKEN_BODY_LENGTH = 30
TOKEN_PATTERN = re.compile(r'BBFF-[A-Za-z0-9]{30}')

ID_PATTERN = re.compile(r'^[0-9a-f]{24}$')
LABEL_PATTERN = re.compile(r'^[A-Za-z0-9_.:-]{1,100}$')  # [assumed] label rule
LABEL_PREFIX = '~'

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 1000  # [assumed]

# Error envelopes: (HTTP status, code, message). [doc] unless noted.
NOT_AUTHENTICATED = (401, 401001, 'Authentication credentials were not provided.')
BAD_CREDENTIALS = (401, 401002, 'Incorrect authentication credentials.')
PERMISSION_DENIED = (403, 403001, 'You do not have permission to perform this action.')  # code [assumed]
VALIDATION_ERROR = (400, 400001, 'Validation Error.')  # detail shape [assumed]
NOT_FOUND = (404, 404001, 'Not found.')
INVALID_PAGE = (404, 404001, 'Invalid page.')  # [assumed]
METHOD_NOT_ALLOWED = (405, 405001, 'Method "{method}" not allowed.')  # [assumed]
THROTTLED = (429, 429001, 'Request was throttled. Expected available in {seconds} seconds.')  # [assumed]
# [emulator] bodies of injected server faults.
SERVER_FAULTS = {
    500: (500, 500001, 'A server error occurred.'),
    502: (502, 502001, 'Bad gateway.'),
    503: (503, 503001, 'Service temporarily unavailable.'),
}

# Validation messages [assumed], worded the way Django REST Framework words them.
MSG_REQUIRED = 'This field is required.'
MSG_NULL = 'This field may not be null.'
MSG_BLANK = 'This field may not be blank.'
MSG_NOT_STRING = 'Not a valid string.'
MSG_NOT_BOOLEAN = 'Must be a valid boolean.'
MSG_NOT_INTEGER = 'A valid integer is required.'
MSG_NOT_NUMBER = 'A valid number is required.'
MSG_NOT_DICT = 'Expected a dictionary of items but got type "{type}".'
MSG_NOT_LIST = 'Expected a list of items but got type "{type}".'
MSG_BAD_JSON = 'JSON parse error.'
MSG_BODY_NOT_OBJECT = 'Invalid data. Expected a dictionary, but got {type}.'
MSG_LABEL_RULE = 'Enter a valid label: 1-100 characters among letters, digits and _ . : -'
MSG_LABEL_TAKEN = 'This label is already in use.'
MSG_UNKNOWN_OBJECT = 'Object "{key}" does not exist.'
MSG_UNKNOWN_CODENAME = 'Unknown permission codename "{codename}".'
MSG_NOT_A_FILE = 'The submitted data was not a file. Check the encoding type on the form.'
MSG_EMPTY_FILE = 'The submitted file is empty.'
MSG_NOT_AN_IMAGE = 'Upload a valid image. The file you uploaded was either not an image or a corrupted image.'
MSG_BAD_CHOICE = '"{value}" is not a valid choice.'
MSG_BAD_RATE = 'Allowed values for a {window} s window: {allowed}.'
MSG_ROLE_IN_USE = 'This role is in use by {count} tokens.'  # "tokens" even for 1, as the contract says
MSG_NO_VARIABLES = 'Expected at least one variable.'
MSG_BODY_NOT_LIST = 'Invalid data. Expected a list, but got {type}.'
# Users, user roles and memberships (sections 7 to 9) [assumed unless the contract quotes them].
MSG_USER_TAKEN = 'Email or username is already taken.'  # [doc: integrators' code]
MSG_USERNAME_FIXED = 'Username cannot be changed.'
MSG_USERNAME_RULE = 'Enter a valid username: 1-150 characters among letters, digits, _ and -.'
MSG_USERNAME_RESERVED = 'A username cannot start with "testing".'
MSG_EMAIL = 'Enter a valid email address.'
MSG_TOO_SHORT = 'Ensure this field has at least {min} characters.'
MSG_TOO_LONG = 'Ensure this field has no more than {max} characters.'
MSG_TOO_MANY_ITEMS = 'Ensure this field has no more than {max} elements.'
MSG_TAG_LENGTH = 'Each tag needs 1 to {max} characters, not {length}.'
MSG_NOT_A_MEMBER = 'The user is not a member of organization "{key}".'
MSG_BUILTIN_ROLE = 'Built-in roles cannot be changed.'
MSG_USER_ROLE_IN_USE = 'This role is in use by {count} users.'  # distinct users; "users" even for 1
MSG_NO_SUCH_ORGANIZATION = 'Organization "{label}" does not exist.'
MSG_NO_SUCH_ROLE = 'Role "{label}" does not exist.'

# JSON type names used in the messages above.
JSON_TYPE_NAMES = {dict: 'dict', list: 'list', str: 'str', int: 'int', float: 'float', bool: 'bool', type(None): 'NoneType'}

# Organizations (section 3).
LIMIT_KINDS = (  # (type, name, icon), in the order they are returned [doc: shape]
    ('devices', 'Devices', 'hdd-o'),
    ('emails', 'Emails', 'envelope'),
    ('variables', 'Variables', 'signal'),
    ('users', 'Users', 'users'),
    ('dots', 'Dots', 'spinner'),
    ('sms', 'SMS', 'mobile-phone'),
    ('voice', 'Voice', None),
)
UNLIMITED = '*'
IMAGE_FIELDS = ('favicon', 'logo')
IMAGE_VARIANTS = ('h36', 'h50', 'raw')

# [emulator] the one app every account is seeded with (the docs' own example).
SEEDED_APP = {'id': '5dfa39901a9ca53020c6938d', 'label': 'my_application', 'name': 'Ubidots App of Me'}

# Roles (section 4) [assumed].
PERMISSION_ACTIONS = ('add', 'view', 'change', 'delete')
PERMISSION_MODELS = ('device', 'variable', 'value', 'devicegroup', 'event')
# Codename -> (model, action), in the canonical order the read form lists them.
CODENAMES = dict(
    ('%s_%s' % (action, model), (model, action))
    for model in PERMISSION_MODELS for action in PERMISSION_ACTIONS
)
CODENAME_ORDER = ['%s_%s' % (action, model) for model in PERMISSION_MODELS for action in PERMISSION_ACTIONS]

# Users (section 7) [doc: the username rule; assumed: the rest].
USERNAME_PATTERN = re.compile(r'^[A-Za-z0-9_-]{1,150}$')
RESERVED_USERNAME_PREFIX = 'testing'  # compared case-insensitively
# local@domain.tld: no space and one @; the domain holds a dot with something after the last one (the collection's own check).
EMAIL_PATTERN = re.compile(r'^[^@\s]+@[^@\s]+\.[^@\s.]+$')
PASSWORD_MIN_LENGTH = 8
PASSWORD_MAX_LENGTH = 128
MAX_TAGS = 20  # [doc], counted after duplicates collapse
TAG_MAX_LENGTH = 50  # [doc]
PASSWORD_TIMESTAMP_KEY = 'password_update_timestamp'  # [doc: the field] ms since epoch, owned by the server
# [emulator] how passwords are kept: PBKDF2-HMAC-SHA256 with a random salt, never the plain text.
PASSWORD_HASH_NAME = 'sha256'
PASSWORD_HASH_ITERATIONS = 20000
PASSWORD_SALT_BYTES = 16

# Memberships (section 9): the keys of an `invitation` [doc], kept in the emulator's record in this order.
INVITATION_FIELDS = ('subject', 'message', 'ubiAppId', 'expires', 'resetPassword')

# User roles (section 8) [doc: examples of codenames; assumed: the catalogue].
USER_PERMISSION_MODELS = ('dashboard', 'widget', 'device', 'variable', 'devicegroup', 'event', 'report', 'user', 'organization')
# The two codenames outside the <action>_<model> grid: codename -> (name, model).
USER_SPECIAL_CODENAMES = (
    ('view_widget_data', 'Can view widget data', 'widget'),
    ('view_insightpg_data', 'Can view insight data', 'insight'),
)
# Codename -> its read form, in the canonical order the read form lists them (the grid, then the specials).
USER_CODENAMES = dict(
    [('%s_%s' % (action, model), {'label': '%s_%s' % (action, model), 'name': 'Can %s %s' % (action, model), 'model': model})
     for model in USER_PERMISSION_MODELS for action in PERMISSION_ACTIONS]
    + [(codename, {'label': codename, 'name': name, 'model': model}) for codename, name, model in USER_SPECIAL_CODENAMES]
)
USER_CODENAME_ORDER = list(USER_CODENAMES)
# The roles every account has (label, name, permissions) [doc: labels; assumed: names and permissions].
BUILTIN_USER_ROLES = (
    ('viewer', 'Viewer', ('view_dashboard', 'view_widget', 'view_widget_data', 'view_device', 'view_variable')),
    ('dashboards-viewer', 'Dashboards Viewer', ('view_dashboard', 'view_widget', 'view_widget_data')),
)

# Tokens (section 5) [assumed paths; doc for the table].
DEFAULT_RATE_LIMIT = 4
DEFAULT_RATE_WINDOW = 1
ALLOWED_RATE_LIMITS = {  # window in seconds -> allowed requests per window [doc]
    1: (1, 2, 4),
    60: (5, 10, 30, 60),
    300: (10, 30, 90, 180),
    900: (90, 180, 240, 480),
    1800: (90, 240, 480, 720),
    3600: (90, 240, 480, 720, 960),
}

# Filters per resource (section 2) [doc operators].
FILTER_OPERATORS = ('in', 'startswith', 'icontains')
FILTERABLE = {
    'organizations': ('id', 'label', 'name', 'isActive'),
    'roles': ('id', 'label', 'name'),
    'tokens': ('id', 'name'),
    'devices': (),
    'users': ('id', 'username', 'email', 'isActive'),
    'user_roles': ('label', 'name'),
    'organization_users': (),
    'memberships': (),
}

# Fault injection [emulator].
FAULT_KINDS = ('429', '500', '502', '503', 'drop', 'lost', 'slow')
FAULT_RETRY_AFTER = 1
DEFAULT_SLOW_MS = 5000
DEFAULT_SEED = 0
DEFAULT_PORT = 8765
DEFAULT_HOST = '127.0.0.1'
