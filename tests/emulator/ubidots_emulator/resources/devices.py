# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Devices, variables and values: the v1.6 data endpoints and an organization's device list."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import time

from ubidots_emulator import constants as C
from ubidots_emulator.errors import FieldErrors, non_field_error, not_found, permission_denied, validation_error
from ubidots_emulator.resources.common import reference
from ubidots_emulator.responses import json_response
from ubidots_emulator.store import LATEST_FIRST
from ubidots_emulator.validation import clean_integer, clean_object, is_number, label_error, read_body


def organization_url(ctx, org_id):
    return ctx.api_url('/organizations/%s' % org_id)


def organization_reference(ctx, org):
    return reference(org, organization_url(ctx, org['id']))


def serialize_device(ctx, device, org):
    return {
        'id': device['id'],
        'url': ctx.api_url('/devices/%s' % device['id']),
        'label': device['label'],
        'name': device['name'],
        'organization': organization_reference(ctx, org) if org else None,
        'createdAt': device['created_at'],
    }


def organization_usage(store, org_id):
    """What the limits count for one organization: its devices, their variables and stored values, its members."""
    device_ids = [device['id'] for device in store.select('devices', organization=org_id)]
    variable_ids = [variable['id'] for variable in store.select('variables', device=device_ids)]
    return {'devices': len(device_ids), 'variables': len(variable_ids), 'dots': store.count('dots', variable=variable_ids),
            'users': store.count('memberships', organization=org_id)}


def delete_devices(store, **where):
    """Deletes the matching devices with their variables and values."""
    device_ids = [device['id'] for device in store.select('devices', **where)]
    variable_ids = [variable['id'] for variable in store.select('variables', device=device_ids)]
    store.delete('dots', variable=variable_ids)
    store.delete('variables', id=variable_ids)
    store.delete('devices', id=device_ids)


# v1.6 data endpoints

def require_permission(ctx, codename):
    """Account tokens may do everything; an org token only what its role grants right now."""
    if not ctx.caller.is_org_token:
        return
    role = ctx.store.first('roles', id=ctx.caller.token['role'])
    if role is None or codename not in role['permissions']:
        raise permission_denied()


def _check_device_owner(ctx, device):
    """An org token may only touch its own organization's devices."""
    if device is not None and ctx.caller.is_org_token and device['organization'] != ctx.caller.token['organization']:
        raise permission_denied()


def _clean_dot(errors, label, value):
    """A posted value: a bare number or {"value": n, "timestamp": ms, "context": {}}."""
    if is_number(value):
        value = {'value': value}
    if not isinstance(value, dict) or not is_number(value.get('value')):
        errors.add(label, C.MSG_NOT_NUMBER)
        return None
    timestamp = clean_integer(errors, label, value['timestamp']) if 'timestamp' in value else int(time.time() * 1000)
    context = clean_object(errors, label, value['context'], False) if 'context' in value else {}
    if errors.has(label):
        return None
    return {'value': float(value['value']), 'timestamp': timestamp, 'context': context}


def _clean_dots(body):
    """{variable label (lowercased): dot} in the order given."""
    errors, dots = FieldErrors(), {}
    for key, value in body.fields.items():
        label = key.lower()
        message = label_error(label)
        if message:
            errors.add(key, message)
            continue
        dots[label] = _clean_dot(errors, key, value)
    errors.raise_if_any()
    if not dots:
        raise non_field_error(C.MSG_NO_VARIABLES)
    return dots


def _clean_device_label(raw):
    label = raw.lower()
    message = label_error(label)
    if message:
        raise validation_error({'label': [message]})
    return label


def post_values(ctx, device_label):
    """Stores one value per variable, creating the device and variables as needed."""
    require_permission(ctx, 'add_value')
    label = _clean_device_label(device_label)
    dots = _clean_dots(read_body(ctx.request))
    store = ctx.store
    device = store.first('devices', account=ctx.account, label=label)
    _check_device_owner(ctx, device)
    variables = dict((variable['label'], variable) for variable in store.select('variables', device=device['id'])) if device else {}
    # Every permission is checked before anything is written.
    if device is None:
        require_permission(ctx, 'add_device')
    if any(variable_label not in variables for variable_label in dots):
        require_permission(ctx, 'add_variable')
    if device is None:
        organization = ctx.caller.token['organization'] if ctx.caller.is_org_token else None
        device = store.insert('devices', {'account': ctx.account, 'organization': organization, 'label': label, 'name': label})
    for variable_label, dot in dots.items():
        variable = variables.get(variable_label)
        if variable is None:
            variable = store.insert('variables', {'account': ctx.account, 'device': device['id'], 'label': variable_label})
        store.insert('dots', dict(dot, account=ctx.account, variable=variable['id']))
    return json_response(dict((variable_label, [{'status_code': 201}]) for variable_label in dots))


def last_value(ctx, device_label, variable_label):
    require_permission(ctx, 'view_value')
    store = ctx.store
    device = store.first('devices', account=ctx.account, label=device_label.lower())
    if device is None:
        raise not_found()
    _check_device_owner(ctx, device)
    variable = store.first('variables', device=device['id'], label=variable_label.lower())
    dot = store.first('dots', order=LATEST_FIRST, variable=variable['id']) if variable else None
    if dot is None:
        raise not_found()
    return json_response(dot['value'])
