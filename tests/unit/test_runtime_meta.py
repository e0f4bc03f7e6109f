# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""meta/runtime.yml and the modules' documented attributes agree.

* The action group ``ubidots`` lists exactly the modules in plugins/modules, so
  ``module_defaults: {group/ubidots.cloud.ubidots: ...}`` reaches every module.
* Every module documents the ``check_mode``, ``diff_mode`` and ``action_group`` attributes,
  the last one naming that group.

Runs under ``ansible-test units`` on the staged tree and under plain pytest in the repo;
it reads the files as text (DOCUMENTATION through ``ast``) and imports no module.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import ast
import os

import pytest
import yaml

COLLECTION_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MODULES_DIR = os.path.join(COLLECTION_ROOT, 'plugins', 'modules')
RUNTIME_YML = os.path.join(COLLECTION_ROOT, 'meta', 'runtime.yml')
GROUP = 'ubidots'
COLLECTION = 'ubidots.cloud'
SUPPORT_VALUES = ('full', 'partial', 'none', 'N/A')


def module_names():
    """Modules in plugins/modules: file names without .py, __init__ excluded."""
    if not os.path.isdir(MODULES_DIR):
        return []
    return sorted(
        name[:-len('.py')] for name in os.listdir(MODULES_DIR)
        if name.endswith('.py') and name != '__init__.py'
    )


def group_entries():
    """Module names in the action group, FQCN entries shortened, metadata entries left out."""
    with open(RUNTIME_YML, 'rb') as runtime_file:
        runtime = yaml.safe_load(runtime_file) or {}
    group = (runtime.get('action_groups') or {}).get(GROUP)
    assert group is not None, 'meta/runtime.yml has no action group %r' % GROUP
    prefix = COLLECTION + '.'
    return [entry[len(prefix):] if entry.startswith(prefix) else entry
            for entry in group if not isinstance(entry, dict)]


def documentation(name):
    """The module's DOCUMENTATION, parsed as YAML, read without importing the module."""
    path = os.path.join(MODULES_DIR, name + '.py')
    with open(path, 'rb') as module_file:
        tree = ast.parse(module_file.read(), filename=path)
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
                isinstance(target, ast.Name) and target.id == 'DOCUMENTATION' for target in node.targets):
            assert isinstance(node.value, ast.Constant) and isinstance(node.value.value, str), \
                '%s: DOCUMENTATION is not a plain string' % path
            doc = yaml.safe_load(node.value.value)
            assert isinstance(doc, dict), '%s: DOCUMENTATION is not a YAML mapping' % path
            return doc
    raise AssertionError('%s has no DOCUMENTATION' % path)


def test_there_are_modules():
    assert module_names(), 'no modules found in %s' % MODULES_DIR


def test_action_group_lists_every_module_once():
    entries = group_entries()
    duplicates = sorted(set(entry for entry in entries if entries.count(entry) > 1))
    assert not duplicates, 'action group %r lists these more than once: %s' % (GROUP, duplicates)


def test_action_group_matches_modules():
    modules = set(module_names())
    group = set(group_entries())
    assert group == modules, (
        'meta/runtime.yml action group %r differs from plugins/modules: '
        'missing from the group: %s; in the group but not a module: %s'
        % (GROUP, sorted(modules - group), sorted(group - modules)))


@pytest.mark.parametrize('name', module_names())
def test_module_documents_attributes(name):
    attributes = documentation(name).get('attributes') or {}
    for attribute in ('check_mode', 'diff_mode'):
        assert attribute in attributes, '%s: DOCUMENTATION lacks attributes.%s' % (name, attribute)
        support = (attributes[attribute] or {}).get('support')
        assert support in SUPPORT_VALUES, \
            '%s: attributes.%s.support is %r, not one of %s' % (name, attribute, support, SUPPORT_VALUES)
    assert 'action_group' in attributes, '%s: DOCUMENTATION lacks attributes.action_group' % name
    membership = (attributes['action_group'] or {}).get('membership') or []
    assert '%s.%s' % (COLLECTION, GROUP) in membership, \
        '%s: attributes.action_group.membership %r does not name %s.%s' % (name, membership, COLLECTION, GROUP)
