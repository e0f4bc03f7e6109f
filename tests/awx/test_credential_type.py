# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The AWX credential type shipped in extensions/awx/ has the shape AWX accepts, and injects
exactly the environment variables the modules read."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import re

import pytest

from jinja2 import meta
from jinja2.sandbox import ImmutableSandboxedEnvironment

from conftest import awx_inject


def module_env_names(collection_dir):
    """Environment variables the modules fall back to, from the shared argument spec."""
    with open(os.path.join(collection_dir, 'plugins', 'module_utils', 'base.py')) as handle:
        source = handle.read()
    return dict(re.findall(r"(\w+)=dict\([^)]*fallback=\(env_fallback, \['(\w+)'\]\)", source))


def test_shape_is_what_awx_accepts(credential_type):
    assert set(credential_type) <= {'name', 'description', 'kind', 'inputs', 'injectors'}
    assert credential_type['name']
    assert credential_type['kind'] == 'cloud'  # custom types are "cloud" or "net"
    fields = credential_type['inputs']['fields']
    for field in fields:
        assert set(field) <= {'id', 'label', 'type', 'help_text', 'secret', 'multiline', 'default', 'choices', 'format'}
        assert field['id'] and field['label'] and field.get('type', 'string') in ('string', 'boolean')
    ids = [field['id'] for field in fields]
    assert len(set(ids)) == len(ids)
    assert set(credential_type['inputs'].get('required', [])) <= set(ids)
    assert set(credential_type['injectors']) == {'env'}


def test_token_is_secret_and_url_has_the_api_default(credential_type, collection_dir):
    fields = dict((field['id'], field) for field in credential_type['inputs']['fields'])
    assert set(fields) == {'api_token', 'api_url'}
    assert fields['api_token'].get('secret') is True
    assert fields['api_url'].get('secret', False) is False
    # An empty UBIDOTS_API_URL would reach the modules as api_url='', so the URL is required
    # and pre-filled with the modules' own default.
    assert set(credential_type['inputs']['required']) == {'api_token', 'api_url'}
    with open(os.path.join(collection_dir, 'plugins', 'doc_fragments', 'auth.py')) as handle:
        assert 'default: %s\n' % fields['api_url']['default'] in handle.read()


def test_injectors_set_what_the_modules_read(credential_type, collection_dir):
    read = module_env_names(collection_dir)
    env = credential_type['injectors']['env']
    assert env == {read['api_token']: '{{ api_token }}', read['api_url']: '{{ api_url }}'}
    assert (read['api_token'], read['api_url']) == ('UBIDOTS_TOKEN', 'UBIDOTS_API_URL')
    # Every template refers to inputs of the type only (AWX renders unknown names as '').
    sandbox = ImmutableSandboxedEnvironment()
    ids = set(field['id'] for field in credential_type['inputs']['fields'])
    for template in env.values():
        assert meta.find_undeclared_variables(sandbox.parse(template)) <= ids


def test_rendering(credential_type):
    token = 'BBFF-' + 'x' * 30
    assert awx_inject(credential_type, {'api_token': token}) == {
        'UBIDOTS_TOKEN': token, 'UBIDOTS_API_URL': 'https://industrial.api.ubidots.com'}
    assert awx_inject(credential_type, {'api_token': token, 'api_url': 'http://127.0.0.1:1'})['UBIDOTS_API_URL'] == 'http://127.0.0.1:1'
    with pytest.raises(ValueError, match='required input missing: api_token'):
        awx_inject(credential_type, {})
