# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""tenant_errors and undeclared_roles (docs beside this file): what tenant_bootstrap refuses before any write, by the
rules of module_utils/contract.py, so the role refuses what the modules would, only earlier."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

from collections.abc import Mapping

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.ubidots.cloud.plugins.module_utils import contract
# Plain types, as a module gets its arguments: 2.16 hands filters the YAML loader's str subclass (AnsibleUnicode),
# 2.19 tagged values, and the validator names a value's class in its messages ('of type str').
from ansible_collections.ubidots.cloud.plugins.plugin_utils.in_process import as_module_arguments

# Enough leading bytes of a file for every image signature the API knows.
_SIGNATURE_BYTES = max(len(signature) for signature, dummy in contract.IMAGE_SIGNATURES)


def _image_formats():
    """'PNG, JPEG, GIF, ICO or SVG', from the media types of contract.IMAGE_SIGNATURES."""
    names = []
    for dummy, media_type in contract.IMAGE_SIGNATURES:
        subtype = media_type.split('/', 1)[1].split('+', 1)[0]
        name = 'ICO' if subtype == 'x-icon' else subtype.upper()
        if name not in names:
            names.append(name)
    return '%s or %s' % (', '.join(names[:-1]), names[-1]) if len(names) > 1 else names[0]


def _list(value, what):
    if value is None:
        return []
    if isinstance(value, (Mapping, str)) or not hasattr(value, '__iter__'):
        raise AnsibleFilterError('%s must be a list; got %r.' % (what, value))
    return list(value)


def _text(value):
    """A number as its text, as a ``type: str`` option makes it (the spec converts only its own copy)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


def _label_error(option, value):
    """contract.label_error for any value: one that is not a string is not a label either."""
    if value is None or isinstance(value, str):
        return contract.label_error(option, value)
    return '%s=%r is not a string, so not a valid label: use %s.' % (option, value, contract.LABEL_RULE)


def _integer(value):
    """An option the role's argument spec has accepted as an integer (it may still be the string '30')."""
    if value is None or isinstance(value, bool):
        return value
    try:
        return int(value)
    except (TypeError, ValueError):
        return value


def _declared_role(role):
    """What a role of ubidots_api_roles will be known by once ensured: its label, given or derived from its name."""
    label, name = _text(role.get('label')), _text(role.get('name'))
    if label is None and isinstance(name, str):
        label = contract.label_from_name(name)
    return {'label': label}


def _known(reference, roles):
    return any(contract.matches_reference(reference, role) for role in roles)


def _role_errors(index, role):
    if not isinstance(role, Mapping):
        return ['API role #%d of ubidots_api_roles is not a dictionary; got %r.' % (index + 1, role)]
    name = _text(role.get('name'))
    label = _text(role.get('label'))
    prefix = 'API role %s: ' % (label if isinstance(label, str) and label else name)
    errors = []
    if label is not None:
        problem = _label_error('label', label)
        if problem:
            errors.append(prefix + problem)
    elif isinstance(name, str):
        problem = contract.derived_label_error(name)
        if problem:
            errors.append(prefix + problem)
    if role.get('permissions') is not None:
        try:
            contract.permissions_to_codenames(role['permissions'])
        except ValueError as exc:
            errors.append(prefix + str(exc))
    return errors


def _image_error(option, path):
    """None when PATH is a readable file whose first bytes are an image the API accepts, else the message."""
    full = os.path.expanduser(os.path.expandvars(path))   # as the modules' 'path' type does
    try:
        with open(full, 'rb') as handle:
            data = handle.read(_SIGNATURE_BYTES)
    except (IOError, OSError) as exc:
        return ('%s=%s cannot be read (%s). Give the path of an image file on the host that runs the role.'
                % (option, path, exc.strerror or exc))
    if contract.image_media_type(data) is None:
        return ('%s=%s is not a %s image (checked by its first bytes). Give the path of an image file.'
                % (option, path, _image_formats()))
    return None


def _rate_limit_error(token):
    """The pair as ubidots_org_token checks it when it creates the token, as on a first run."""
    return contract.new_token_rate_limit_error(_integer(token.get('rate_limit')), _integer(token.get('rate_limit_window')))


def _token_errors(tenant, token, declared, server_roles):
    if not isinstance(token, Mapping):
        return ['Tenant %s: a token is not a dictionary; got %r.' % (tenant, token)]
    prefix = 'Tenant %s, token %s: ' % (tenant, _text(token.get('name')))
    errors = []
    problem = _rate_limit_error(token)
    if problem:
        errors.append(prefix + problem)
    role = _text(token.get('role'))
    if isinstance(role, str) and role and server_roles is not None \
            and not _known(role, declared) and not _known(role, server_roles):
        errors.append(prefix + 'role=%s is neither in ubidots_api_roles nor on the server. Add it to ubidots_api_roles '
                      '(or create it with ubidots.cloud.ubidots_org_role), or correct the role of the token.'
                      % role.lstrip('~'))
    return errors


def _tenant_name(index, tenant):
    """How messages name a tenant: its label, else its place in the list (and its name, when it has one)."""
    label, name = _text(tenant.get('label')), _text(tenant.get('name'))
    if isinstance(label, str) and label:
        return label
    notes = (['no label'] if label is None else []) + (['name %s' % name] if isinstance(name, str) else [])
    return '#%d of ubidots_tenants%s' % (index + 1, ' (%s)' % ', '.join(notes) if notes else '')


def _spec_errors(name, tenant, validator):
    """What VALIDATOR, built on the role's spec of one tenant (the `tenant` entry point's ubidots_tenant), refuses."""
    result = validator.validate(as_module_arguments({'ubidots_tenant': tenant}))
    # The validator may say the same thing twice (once per check that tripped on one value).
    return ['Tenant %s: %s' % (name, message) for message in dict.fromkeys(result.error_messages)]


def _repeated(values):
    """The values that occur more than once, in the order of their first occurrence."""
    seen, repeated = set(), []
    for value in values:
        if value in seen and value not in repeated:
            repeated.append(value)
        seen.add(value)
    return repeated


def _tenant_errors(name, tenant, declared, server_roles):
    prefix = 'Tenant %s: ' % name
    errors = []
    problem = _label_error('label', _text(tenant.get('label')))
    if problem:
        errors.append(prefix + problem)
    for option in contract.ORGANIZATION_IMAGE_FIELDS:
        path = _text(tenant.get(option))
        if isinstance(path, str) and path:    # an empty string removes the image: nothing to read
            problem = _image_error(option, path)
            if problem:
                errors.append(prefix + problem)
    tokens = _list(tenant.get('tokens'), 'tokens of tenant %s' % name)
    token_names = [_text(token.get('name')) for token in tokens if isinstance(token, Mapping)]
    # Text only: the spec passes any value for a str option (it converts its own copy), and lists are unhashable.
    twins = _repeated(token_name for token_name in token_names if isinstance(token_name, str))
    if twins:
        errors.append('Tenant %s has more than one token named %s.' % (name, ', '.join(str(twin) for twin in twins)))
    for token in tokens:
        errors.extend(_token_errors(name, token, declared, server_roles))
    return errors


def tenant_errors(tenants, api_roles=None, server_roles=None, tenant_spec=None):
    """Every problem of TENANTS and API_ROLES, as messages; a tenant TENANT_SPEC refuses gets only its messages."""
    roles = _list(api_roles, 'ubidots_api_roles')
    errors = []
    for index, role in enumerate(roles):
        errors.extend(_role_errors(index, role))
    declared = [_declared_role(role) for role in roles if isinstance(role, Mapping)]
    if server_roles is not None:
        server_roles = [role for role in _list(server_roles, 'server_roles') if isinstance(role, Mapping)]
    tenants = _list(tenants, 'ubidots_tenants')
    validator = ArgumentSpecValidator(as_module_arguments({'ubidots_tenant': tenant_spec})) if tenant_spec is not None else None
    labels = [_text(tenant.get('label')) for tenant in tenants if isinstance(tenant, Mapping)]
    twins = _repeated(label for label in labels if isinstance(label, str))
    if twins:
        errors.append('More than one tenant has the label %s.' % ', '.join(twins))
    for index, tenant in enumerate(tenants):
        if not isinstance(tenant, Mapping):
            errors.append('Tenant #%d of ubidots_tenants is not a dictionary; got %r.' % (index + 1, tenant))
            continue
        name = _tenant_name(index, tenant)
        problems = _spec_errors(name, tenant, validator) if validator is not None else []
        errors.extend(problems or _tenant_errors(name, tenant, declared, server_roles))
    return errors


def undeclared_roles(tenants, api_roles=None):
    """The role references of the tokens of TENANTS that no role of API_ROLES answers to, sorted, once each."""
    declared = [_declared_role(role) for role in _list(api_roles, 'ubidots_api_roles') if isinstance(role, Mapping)]
    found = set()
    for tenant in _list(tenants, 'ubidots_tenants'):
        if not isinstance(tenant, Mapping):
            continue
        tokens = tenant.get('tokens')
        if not isinstance(tokens, list):    # not a list: tenant_errors reports it; no role to look up
            continue
        for token in tokens:
            role = _text(token.get('role')) if isinstance(token, Mapping) else None
            if isinstance(role, str) and role and not _known(role, declared):
                found.add(role)
    return sorted(found)


class FilterModule(object):

    def filters(self):
        return {
            'tenant_errors': tenant_errors,
            'undeclared_roles': undeclared_roles,
        }
