# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""List envelopes: filters, pagination with absolute next/previous links, and `fields=`."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from urllib.parse import urlencode

from ubidots_emulator import constants as C
from ubidots_emulator.errors import ApiError

PAGE_PARAM = 'page'
PAGE_SIZE_PARAM = 'page_size'
FIELDS_PARAM = 'fields'


def _as_text(value):
    """Booleans are written true/false in queries."""
    if isinstance(value, bool):
        return 'true' if value else 'false'
    return str(value)


def _matches(value, operator, wanted):
    text = _as_text(value)
    if isinstance(value, bool):
        wanted = wanted.lower()
    if operator == 'in':
        return text in wanted.split(',')
    if operator == 'startswith':
        return text.startswith(wanted)
    if operator == 'icontains':
        return wanted.lower() in text.lower()
    return text == wanted


def _parse_filter(param, allowed):
    """'name__icontains' -> ('name', 'icontains'); None for anything not supported (ignored)."""
    field, dummy, operator = param.partition('__')
    if field not in allowed or (operator and operator not in C.FILTER_OPERATORS):
        return None
    return field, operator


def apply_filters(items, args, allowed):
    for param in args:
        parsed = _parse_filter(param, allowed)
        if parsed is None:
            continue
        field, operator = parsed
        for wanted in args.getlist(param):
            items = [item for item in items if _matches(item.get(field), operator, wanted)]
    return items


def requested_fields(args):
    """The set of names in `fields=`, or None when the request does not limit the keys."""
    wanted = args.get(FIELDS_PARAM)
    if not wanted:
        return None
    return set(name.strip() for name in wanted.split(','))


def select_fields(item, args):
    """Keeps only the keys named in `fields=` (unknown names ignored); all when absent."""
    names = requested_fields(args)
    if names is None:
        return item
    return dict((key, value) for key, value in item.items() if key in names)


def _page_size(args):
    try:
        size = int(args.get(PAGE_SIZE_PARAM, C.DEFAULT_PAGE_SIZE))
    except ValueError:
        return C.DEFAULT_PAGE_SIZE
    return min(max(size, 1), C.MAX_PAGE_SIZE)


def _page_number(args, last_page):
    try:
        page = int(args.get(PAGE_PARAM, '1'))
    except ValueError:
        raise ApiError(C.INVALID_PAGE)
    if page < 1 or page > last_page:
        raise ApiError(C.INVALID_PAGE)
    return page


def _page_url(request, page):
    """The request URL with every query parameter kept and `page` replaced (or added)."""
    pairs, replaced = [], False
    for name, value in request.args.items(multi=True):
        if name == PAGE_PARAM:
            if not replaced:
                pairs.append((name, str(page)))
            replaced = True
        else:
            pairs.append((name, value))
    if not replaced:
        pairs.append((PAGE_PARAM, str(page)))
    return request.base_url + '?' + urlencode(pairs)


def list_envelope(request, items, filterable=()):
    """{"count", "next", "previous", "results"} for the requested page of `items`."""
    items = apply_filters(items, request.args, filterable)
    size = _page_size(request.args)
    last_page = max(1, (len(items) + size - 1) // size)
    page = _page_number(request.args, last_page)
    results = items[(page - 1) * size:page * size]
    return {
        'count': len(items),
        'next': _page_url(request, page + 1) if page < last_page else None,
        'previous': _page_url(request, page - 1) if page > 1 else None,
        'results': [select_fields(item, request.args) for item in results],
    }
