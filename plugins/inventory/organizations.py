# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
name: organizations
short_description: Ubidots organizations as inventory hosts
version_added: 0.1.0
description:
  - Makes one inventory host per organization of a Ubidots account, so that a play over
    C(hosts=ubidots_organizations) handles one tenant per host, with forks and, in AWX, job slicing.
  - Every host gets C(ansible_connection=local) (the modules talk to the API from the controller) and one
    variable, C(ubidots_organization), with the organization's fields in snake_case - C(id), C(url), C(label),
    C(name), C(description), C(properties), C(is_active), C(app), C(favicon), C(logo), C(created_at),
    C(devices_count) and C(users_count) (not C(limits), which M(ubidots.cloud.ubidots_organization_info) returns).
    Any text shaped like a Ubidots token in them (in C(properties), say) is replaced by C(BBFF-<hidden>).
  - "Groups made for you: C(ubidots_organizations) (every host), C(ubidots_active) and C(ubidots_inactive)
    (by C(is_active)), and C(ubidots_app_<app label>) for the organizations of each app (characters other than
    letters, digits and C(_) in the label become C(_))."
  - The modules of this collection run inside the controller's Ansible process on these hosts. For other modules
    (C(ansible.builtin.copy) in the drift report, say) set C(ansible_python_interpreter) to
    C({{ ansible_playbook_python }}) in C(group_vars/ubidots_organizations.yml) next to the configuration file,
    where interpreter discovery would pick another Python.
  - Uses the client of the modules - pages of O(page_size) organizations (10,000 organizations cost
    10,000 / O(page_size) requests, rounded up), retries, waiting for C(Retry-After) after HTTP 429 and the
    4 requests per second pacing that follows it.
  - The configuration file's name must end in C(ubidots.yml) or C(ubidots.yaml), for example
    C(inventory.ubidots.yml).
author:
  - Ubidots Cloud Maintainers (@ubidots-cloud)
requirements:
  - requests
extends_documentation_fragment:
  - constructed
  - inventory_cache
options:
  plugin:
    description:
      - The name of this plugin; makes the file a configuration of it.
    type: str
    required: true
    choices: [ubidots.cloud.organizations]
  api_token:
    description:
      - The Ubidots account (admin) token, sent only in the C(X-Auth-Token) header.
      - If not set, the value of the E(UBIDOTS_TOKEN) environment variable is used; in AWX, the C(Ubidots API)
        credential of the inventory source sets it.
      - Rather than writing it in the file in plain text, leave it to the environment or vault it (C(!vault)).
      - A secret - it never appears in host variables, in the inventory cache or in error messages.
    type: str
    env:
      - name: UBIDOTS_TOKEN
  api_url:
    description:
      - Base URL of the Ubidots API, without C(/api/v2.0).
      - If not set, the value of the E(UBIDOTS_API_URL) environment variable is used, else the default.
      - The same checks as for the modules apply; plain C(http://) to a host other than loopback draws a warning.
    type: str
    default: https://industrial.api.ubidots.com
    env:
      - name: UBIDOTS_API_URL
  validate_certs:
    description:
      - Whether to verify the API's TLS certificate. Set to V(false) only for a test server you trust.
    type: bool
    default: true
    env:
      - name: UBIDOTS_VALIDATE_CERTS
  request_timeout:
    description:
      - Seconds to wait for the API to answer one request before the attempt counts as failed
        (5 attempts in all, as for the modules).
    type: float
    default: 30
    env:
      - name: UBIDOTS_REQUEST_TIMEOUT
  page_size:
    description:
      - Organizations per list request, 1 to 1000. The inventory costs the number of organizations divided by
        O(page_size) requests, rounded up (at least one), and stops with an error after 100 pages.
    type: int
    default: 1000
  filters:
    description:
      - "Filters of the API's organizations list, all of which must match, for example
        C({label__startswith: acme, isActive: true})."
      - Keys are a field among V(id), V(label), V(name) and V(isActive), alone (exact match) or followed by
        C(__in) (a list, or a comma-separated string), C(__startswith) or C(__icontains) (contains, ignoring case).
      - A list given to a field alone means C(__in). V(isActive) takes V(true) or V(false), exact only.
      - Any other key is an error rather than a filter the API would silently ignore.
    type: dict
    default: {}
  hostname:
    description:
      - What names the host - the organization's V(label) or its V(id).
    type: str
    choices: [label, id]
    default: label
'''

EXAMPLES = r'''
# The smallest configuration, inventory.ubidots.yml: every organization, with the token from UBIDOTS_TOKEN
# (and UBIDOTS_API_URL when not the default):
#
#   plugin: ubidots.cloud.organizations
#
# trials.ubidots.yml: only the active trials, grouped by a custom property, cached for an hour.
plugin: ubidots.cloud.organizations
filters:
  label__startswith: trial-
  isActive: true
keyed_groups:
  - key: ubidots_organization.properties.tier | default('none')
    prefix: tier
groups:
  has_devices: ubidots_organization.devices_count > 0
compose:
  ubidots_tenants: "[{'label': ubidots_organization.label}]"
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: ~/.cache/ubidots-inventory
cache_timeout: 3600
# Then: ansible-inventory -i trials.ubidots.yml --graph
#       ansible-playbook -i trials.ubidots.yml ubidots.cloud.drift_report -e ubidots_hosts=ubidots_organizations
'''

import hashlib
import json
import re

from ansible.errors import AnsibleError, AnsibleParserError
from ansible.module_utils.basic import missing_required_lib
from ansible.module_utils.common.text.converters import to_native
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable

from ansible_collections.ubidots.cloud.plugins.module_utils import contract
from ansible_collections.ubidots.cloud.plugins.module_utils.base import InvalidConnection, check_connection
from ansible_collections.ubidots.cloud.plugins.module_utils.client import (
    HAS_REQUESTS, REQUESTS_IMPORT_ERROR, Client, UbidotsError, redact)
from ansible_collections.ubidots.cloud.plugins.module_utils.engine import snake_case

ALL_GROUP = 'ubidots_organizations'
ACTIVE_GROUP = 'ubidots_active'
INACTIVE_GROUP = 'ubidots_inactive'
APP_GROUP_PREFIX = 'ubidots_app_'
HOSTVAR = 'ubidots_organization'
# API fields kept in the host variable (camelCase, as the API writes them); nothing else is copied.
# ``limits`` is left out: seven objects per host would make up most of a large inventory
# (M(ubidots.cloud.ubidots_organization_info) returns them).
ORGANIZATION_FIELDS = ('id', 'url', 'label', 'name', 'description', 'properties', 'isActive', 'app', 'favicon',
                       'logo', 'createdAt', 'devicesCount', 'usersCount')
FILE_ENDINGS = ('ubidots.yml', 'ubidots.yaml')
BOOLEAN_WORDS = {'true': 'true', 'false': 'false', 'yes': 'true', 'no': 'false'}


class InvalidFilter(ValueError):
    pass


def without_secrets(value):
    """``value`` with every text shaped like a token or key, keys of dictionaries included, hidden."""
    if isinstance(value, dict):
        return dict((without_secrets(key), without_secrets(item)) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return [without_secrets(item) for item in value]
    if isinstance(value, str) and contract.SECRET_PATTERN.search(value):
        return redact(value)
    return value


def organization_hostvar(obj):
    """The host variable of one organization: the known fields, snake_case keys, no secret."""
    hostvar = dict((snake_case(field), obj.get(field)) for field in ORGANIZATION_FIELDS)
    # One search of the whole text first: walking every value only pays off when something is to be hidden.
    if contract.SECRET_PATTERN.search(json.dumps(hostvar)):
        hostvar = without_secrets(hostvar)
    return hostvar


def _filter_text(key, value):
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if isinstance(value, (int, float)) or (isinstance(value, str) and value):
        return str(value)
    raise InvalidFilter('filters.%s must be a non-empty string, a number or a boolean; got %r.' % (key, value))


def organization_query(filters):
    """API query parameters for the ``filters`` option; InvalidFilter naming the bad key or value."""
    if not isinstance(filters, dict):
        raise InvalidFilter('filters must be a dictionary such as {label__startswith: acme, isActive: true}.')
    query = {}
    for key, value in filters.items():
        field, dummy, operator = str(key).partition('__')
        if field not in contract.ORGANIZATION_FILTER_FIELDS or (operator and operator not in contract.FILTER_OPERATORS):
            hint = ' (the API spells it isActive)' if field in ('is_active', 'active') else ''
            raise InvalidFilter('filters.%s is not a filter of the organizations list%s; use %s, alone or followed by %s.'
                                % (key, hint, ', '.join(contract.ORGANIZATION_FILTER_FIELDS),
                                   ', '.join('__' + name for name in contract.FILTER_OPERATORS)))
        if isinstance(value, (list, tuple)):
            if operator not in ('', 'in') or not value:
                raise InvalidFilter('filters.%s: a list is only allowed with %s or %s__in, and must not be empty.'
                                    % (key, field, field))
            operator, value = 'in', ','.join(_filter_text(key, item) for item in value)
        else:
            value = _filter_text(key, value)
        if field == 'isActive':
            words = value.lower().split(',') if operator == 'in' else [value.lower()]
            if operator not in ('', 'in') or any(word not in BOOLEAN_WORDS for word in words):
                raise InvalidFilter('filters.%s: isActive takes true or false, exact; got %r.' % (key, value))
            value = ','.join(BOOLEAN_WORDS[word] for word in words)
        query['%s__%s' % (field, operator) if operator else field] = value
    return query


def group_name_part(text):
    """``text`` as a part of a group name: letters, digits and ``_`` only."""
    return re.sub(r'[^A-Za-z0-9_]', '_', str(text))


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):

    NAME = 'ubidots.cloud.organizations'

    def verify_file(self, path):
        return super(InventoryModule, self).verify_file(path) and path.endswith(FILE_ENDINGS)

    def make_client(self, api_url, api_token, validate_certs, timeout):
        return Client(api_url, api_token, validate_certs=validate_certs, timeout=timeout)

    def _connection(self):
        """(api_url, api_token, validate_certs, timeout), checked as the modules check them."""
        api_url, token, timeout = self.get_option('api_url'), self.get_option('api_token'), self.get_option('request_timeout')
        try:
            warnings = check_connection(api_url, token, timeout,
                                        token_hint=' (the account token; in AWX, the Ubidots API credential).')
        except InvalidConnection as exc:
            raise AnsibleParserError(to_native(exc))
        for warning in warnings:
            self.display.warning(warning)
        return api_url, token, self.get_option('validate_certs'), timeout

    def _query(self):
        page_size = self.get_option('page_size')
        if page_size is None or not 1 <= page_size <= contract.PAGE_SIZE:
            raise AnsibleParserError('page_size must be from 1 to %d; got %r.' % (contract.PAGE_SIZE, page_size))
        try:
            query = organization_query(self.get_option('filters') or {})
        except InvalidFilter as exc:
            raise AnsibleParserError(to_native(exc))
        query['page_size'] = page_size
        # Only the fields the hosts keep travel ([doc] ``fields=``).
        query['fields'] = ','.join(ORGANIZATION_FIELDS)
        return query

    def _cache_key(self, path, api_url, token, query):
        """One cache entry per file, account and filters: a new token or filter never reads another's list.

        The token enters only through a one-way hash, as the modules' fingerprints do.
        """
        filters = dict((name, value) for name, value in query.items() if name not in ('page_size', 'fields'))
        scope = json.dumps([api_url.rstrip('/'), token, filters], sort_keys=True)
        return '%s_%s' % (self.get_cache_key(path), hashlib.sha256(scope.encode('utf-8')).hexdigest()[:12])

    def _fetch(self, connection, query):
        if not HAS_REQUESTS:
            raise AnsibleError('%s\n%s' % (missing_required_lib('requests'), REQUESTS_IMPORT_ERROR))
        client = self.make_client(*connection)
        try:
            return [organization_hostvar(obj) for obj in client.list(contract.organization_path(), query)]
        except UbidotsError as exc:
            raise AnsibleParserError('ubidots.cloud.organizations: %s' % to_native(exc))

    def parse(self, inventory, loader, path, cache=True):
        super(InventoryModule, self).parse(inventory, loader, path, cache=cache)
        self._read_config_data(path)
        connection = self._connection()
        query = self._query()
        key = self._cache_key(path, connection[0], connection[1], query)

        use_cache = self.get_option('cache')
        organizations = None
        if use_cache and cache:
            try:
                organizations = self._cache[key]
            except KeyError:
                pass
        if organizations is None:
            organizations = self._fetch(connection, query)
            if use_cache:
                self._cache[key] = organizations
        self._populate(organizations)

    def _populate(self, organizations):
        inventory = self.inventory
        for group in (ALL_GROUP, ACTIVE_GROUP, INACTIVE_GROUP):
            inventory.add_group(group)
        naming = self.get_option('hostname')
        strict = self.get_option('strict')
        for org in organizations:
            name = org.get(naming)
            if not name:
                raise AnsibleParserError('An organization has no %s: %r' % (naming, org.get('id')))
            inventory.add_host(name, group=ALL_GROUP)
            inventory.set_variable(name, 'ansible_connection', 'local')
            inventory.set_variable(name, HOSTVAR, org)
            inventory.add_child(ACTIVE_GROUP if org.get('is_active') else INACTIVE_GROUP, name)
            app = org.get('app')
            if isinstance(app, dict) and app.get('label'):
                group = inventory.add_group(APP_GROUP_PREFIX + group_name_part(app['label']))
                inventory.add_child(group, name)
            hostvars = inventory.get_host(name).get_vars()
            self._set_composite_vars(self.get_option('compose'), hostvars, name, strict=strict)
            self._add_host_to_composed_groups(self.get_option('groups'), hostvars, name, strict=strict)
            self._add_host_to_keyed_groups(self.get_option('keyed_groups'), hostvars, name, strict=strict)
