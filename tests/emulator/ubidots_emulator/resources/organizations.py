# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""/api/v2.0/organizations/: the account's organizations, their images and device lists."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ubidots_emulator import constants as C
from ubidots_emulator import images
from ubidots_emulator.errors import FieldErrors
from ubidots_emulator.listing import list_envelope, select_fields
from ubidots_emulator.resources.common import clean_unique_label, find_by_key, reference
from ubidots_emulator.resources.devices import delete_devices, organization_url, organization_usage, serialize_device
from ubidots_emulator.resources.users import end_memberships
from ubidots_emulator.responses import json_response, no_content
from ubidots_emulator.validation import clean_boolean, clean_object, clean_string, read_body

TABLE = 'organizations'
# Writable API field -> column.
COLUMNS = {
    'label': 'label',
    'name': 'name',
    'description': 'description',
    'properties': 'properties',
    'isActive': 'is_active',
    'app': 'app',
    'favicon': 'favicon',
    'logo': 'logo',
}
# A sentinel for "remove the image".
CLEAR = object()
# Values a POST or PUT gives to omitted fields (name defaults to the label, set apart).
DEFAULTS = {'description': '', 'properties': {}, 'is_active': True, 'app': None, 'favicon': CLEAR, 'logo': CLEAR}


def find_organization(ctx, key):
    return find_by_key(ctx.store, TABLE, ctx.account, key)


# Reading

def _app_reference(ctx, app_id):
    if app_id is None:
        return None
    return reference(C.SEEDED_APP, ctx.api_url('/apps/%s' % app_id))


def _image_urls(ctx, image_id):
    if image_id is None:
        return None
    image = ctx.store.first('images', id=image_id)
    return dict(
        (variant, '%s%s/%s/%s.%s' % (ctx.base, C.MEDIA_PREFIX, image_id, variant, image['extension']))
        for variant in C.IMAGE_VARIANTS
    )


def _limits(usage):
    return [
        {'type': kind, 'name': name, 'icon': icon, 'actual_value': usage.get(kind, 0), 'max_value': C.UNLIMITED}
        for kind, name, icon in C.LIMIT_KINDS
    ]


def serialize(ctx, org):
    usage = organization_usage(ctx.store, org['id'])
    return {
        'id': org['id'],
        'url': organization_url(ctx, org['id']),
        'label': org['label'],
        'name': org['name'],
        'description': org['description'],
        'properties': org['properties'],
        'isActive': org['is_active'],
        'app': _app_reference(ctx, org['app']),
        'favicon': _image_urls(ctx, org['favicon']),
        'logo': _image_urls(ctx, org['logo']),
        'createdAt': org['created_at'],
        'devicesCount': usage['devices'],
        'usersCount': usage['users'],
        'limits': _limits(usage),
    }


# Writing

def _clean_app(errors, value, is_form):
    """An app id or ~label of the account's (seeded) app, or null (an empty form field)."""
    if value is None or (is_form and value == ''):
        return None
    app = C.SEEDED_APP
    if value not in (app['id'], C.LABEL_PREFIX + app['label']):
        errors.add('app', C.MSG_UNKNOWN_OBJECT.format(key=value))
        return None
    return app['id']


def _clean_image(errors, name, body):
    """CLEAR for JSON null or an empty form field, (bytes, type, extension) for a valid upload."""
    upload = body.files.get(name)
    if upload is None:
        value = body.get(name)
        if value is None or (body.is_form and value == ''):
            return CLEAR
        errors.add(name, C.MSG_NOT_A_FILE)
        return None
    data = upload.read()
    if not data:
        errors.add(name, C.MSG_EMPTY_FILE)
        return None
    kind = images.sniff(data)
    if kind is None:
        errors.add(name, C.MSG_NOT_AN_IMAGE)
        return None
    return (data,) + kind


def _clean_field(ctx, errors, field, body, own_id):
    value = body.get(field)
    if field == 'label':
        return clean_unique_label(ctx.store, TABLE, ctx.account, errors, value, own_id)
    if field == 'name':
        return clean_string(errors, field, value, allow_blank=False)
    if field == 'description':
        return clean_string(errors, field, value)
    if field == 'properties':
        return clean_object(errors, field, value, body.is_form)
    if field == 'isActive':
        return clean_boolean(errors, field, value, body.is_form)
    if field == 'app':
        return _clean_app(errors, value, body.is_form)
    return _clean_image(errors, field, body)


def _clean(ctx, body, full, own_id=None):
    """Column changes from a body. `full` (POST, PUT): label required, omitted fields take defaults."""
    errors = FieldErrors()
    changes = {}
    for field, column in COLUMNS.items():
        if field in body:
            changes[column] = _clean_field(ctx, errors, field, body, own_id)
        elif field == 'label' and full:
            errors.add('label', C.MSG_REQUIRED)
    errors.raise_if_any()
    if full:
        changes.setdefault('name', changes['label'])
        for column, default in DEFAULTS.items():
            changes.setdefault(column, default)
    return changes


def _store_images(ctx, changes, current):
    """Turns image uploads into stored images; a replaced or cleared image is deleted."""
    for column in C.IMAGE_FIELDS:
        if column not in changes:
            continue
        if current is not None and current[column] is not None:
            ctx.store.delete('images', id=current[column])
        if changes[column] is CLEAR:
            changes[column] = None
        else:
            data, content_type, extension = changes[column]
            image = ctx.store.insert('images', {'account': ctx.account, 'data': data, 'content_type': content_type, 'extension': extension})
            changes[column] = image['id']
    return changes


def _save(ctx, org, body, full):
    changes = _store_images(ctx, _clean(ctx, body, full, org['id']), org)
    ctx.store.update(TABLE, org['id'], changes)
    return json_response(serialize(ctx, dict(org, **changes)))


# Handlers

def list_organizations(ctx):
    items = [serialize(ctx, org) for org in ctx.store.select(TABLE, account=ctx.account)]
    return json_response(list_envelope(ctx.request, items, C.FILTERABLE['organizations']))


def create_organization(ctx):
    changes = _store_images(ctx, _clean(ctx, read_body(ctx.request), full=True), None)
    org = ctx.store.insert(TABLE, dict(changes, account=ctx.account))
    return json_response(serialize(ctx, org), status=201)


def get_organization(ctx, key):
    return json_response(select_fields(serialize(ctx, find_organization(ctx, key)), ctx.request.args))


def replace_organization(ctx, key):
    return _save(ctx, find_organization(ctx, key), read_body(ctx.request), full=True)


def update_organization(ctx, key):
    return _save(ctx, find_organization(ctx, key), read_body(ctx.request), full=False)


def delete_organization(ctx, key):
    org = find_organization(ctx, key)
    store = ctx.store
    store.delete('tokens', organization=org['id'])
    end_memberships(store, organization=org['id'])
    delete_devices(store, organization=org['id'])
    store.delete('images', id=[image_id for image_id in (org['favicon'], org['logo']) if image_id])
    store.delete(TABLE, id=org['id'])
    return no_content()


def list_organization_devices(ctx, key):
    org = find_organization(ctx, key)
    items = [serialize_device(ctx, device, org) for device in ctx.store.select('devices', organization=org['id'])]
    return json_response(list_envelope(ctx.request, items, C.FILTERABLE['devices']))


def get_image(store, image_id, variant, extension):
    """(bytes, content type) of an uploaded image, or None; served without a token, like a CDN."""
    image = store.first('images', id=image_id)
    if image is None or variant not in C.IMAGE_VARIANTS or extension != image['extension']:
        return None
    return image['data'], image['content_type']
