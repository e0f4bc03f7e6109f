# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""tenant_bootstrap declares the tenant options once in meta/argument_specs.yml; its input check validates against vars/main.yml."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

import yaml

ROLE = os.path.join(os.path.dirname(__file__), '..', '..', 'roles', 'tenant_bootstrap')


def _load(*path):
    with open(os.path.join(ROLE, *path)) as handle:
        return yaml.safe_load(handle)


def _without_descriptions(option):
    """An option of an argument spec as a validator takes it: every key but description, for it and its options."""
    spec = dict((key, value) for key, value in option.items() if key not in ('description', 'options'))
    if 'options' in option:
        spec['options'] = dict((name, _without_descriptions(sub)) for name, sub in option['options'].items())
    return spec


def test_the_input_check_validates_against_the_declared_tenant_options():
    specs = _load('meta', 'argument_specs.yml')['argument_specs']
    checked = _load('vars', 'main.yml')['__tenant_bootstrap_tenant_spec']
    assert checked == _without_descriptions(specs['tenant']['options']['ubidots_tenant'])


def test_both_entry_points_declare_the_same_tenant_options():
    specs = _load('meta', 'argument_specs.yml')['argument_specs']
    assert specs['main']['options']['ubidots_tenants']['options'] == specs['tenant']['options']['ubidots_tenant']['options']
    # Type errors inside a tenant are the input check's to report, with every other problem: main leaves them alone.
    assert specs['main']['options']['ubidots_tenants']['elements'] == 'raw'
