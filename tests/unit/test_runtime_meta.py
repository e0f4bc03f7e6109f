# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""meta/runtime.yml and the modules' documented attributes agree.

* The action group ``ubidots`` lists exactly the modules in plugins/modules, so
  ``module_defaults: {group/ubidots.cloud.ubidots: ...}`` reaches every module.
* The modules whose documentation declares membership of that group (``attributes.action_group``)
  are exactly the modules the group lists.
* Every module documents the ``check_mode``, ``diff_mode`` and ``action_group`` attributes.

The attributes come from doc fragments (plugins/doc_fragments/attributes.py, ansible.builtin's
action_common_attributes), so each module's DOCUMENTATION is read the way ansible-doc and
validate-modules read it: ansible's ``get_docstring`` parses it without importing the module and
merges the fragments through the plugin loader. That needs the collection loader, which
``ansible-test units`` installs for the staged tree.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

import pytest
import yaml

from ansible.plugins.loader import fragment_loader
from ansible.utils.plugin_docs import get_docstring

COLLECTION_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MODULES_DIR = os.path.join(COLLECTION_ROOT, 'plugins', 'modules')
RUNTIME_YML = os.path.join(COLLECTION_ROOT, 'meta', 'runtime.yml')
GROUP = 'ubidots'
COLLECTION = 'ubidots.cloud'
SUPPORT_VALUES = ('full', 'partial', 'none', 'N/A')
_DOCS = {}


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
    """The module's DOCUMENTATION with its doc fragments merged in, as ansible-doc shows it (read once)."""
    if name not in _DOCS:
        path = os.path.join(MODULES_DIR, name + '.py')
        doc = get_docstring(path, fragment_loader, collection_name=COLLECTION, plugin_type='module')[0]
        assert isinstance(doc, dict) and doc, '%s: no DOCUMENTATION' % path
        _DOCS[name] = doc
    return _DOCS[name]


def group_members():
    """Modules whose merged documentation declares membership of the action group."""
    members = []
    for name in module_names():
        action_group = (documentation(name).get('attributes') or {}).get('action_group') or {}
        if '%s.%s' % (COLLECTION, GROUP) in (action_group.get('membership') or []):
            members.append(name)
    return members


def test_there_are_modules():
    assert module_names(), 'no modules found in %s' % MODULES_DIR


def test_action_group_lists_every_module_once():
    entries = group_entries()
    duplicates = sorted(set(entry for entry in entries if entries.count(entry) > 1))
    assert not duplicates, 'action group %r lists these more than once: %s' % (GROUP, duplicates)


def assert_group_is(names, what):
    """The action group lists exactly NAMES (WHAT says where they come from)."""
    group, names = set(group_entries()), set(names)
    assert group == names, (
        'meta/runtime.yml action group %r differs from %s: only in the group: %s; missing from the group: %s'
        % (GROUP, what, sorted(group - names), sorted(names - group)))


def test_action_group_matches_modules():
    assert_group_is(module_names(), 'plugins/modules')


def test_action_group_matches_documented_membership():
    assert_group_is(group_members(), 'the modules whose documentation declares membership of %s.%s' % (COLLECTION, GROUP))


def test_fragments_are_merged():
    """The attributes this file checks come from fragments; fail loudly if they were not merged in."""
    attributes = documentation(module_names()[0]).get('attributes') or {}
    assert 'description' in (attributes.get('action_group') or {}), \
        'ansible.builtin.action_common_attributes was not merged into the documentation: %r' % attributes


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


def test_in_process_table_matches_modules_and_action_plugins():
    """The in-process runner finds modules through its table: it must name every module, and each action plugin
    must name its own module."""
    import importlib
    from ansible_collections.ubidots.cloud.plugins.plugin_utils.in_process import MODULES
    assert sorted(MODULES) == module_names()
    action_dir = os.path.join(COLLECTION_ROOT, 'plugins', 'action')
    actions = sorted(name[:-len('.py')] for name in os.listdir(action_dir) if name.endswith('.py') and name != '__init__.py')
    assert actions == module_names()
    for name in actions:
        plugin = importlib.import_module('ansible_collections.%s.plugins.action.%s' % (COLLECTION, name))
        assert plugin.ActionModule.module_name == name


SPEC_KEYS = ('type', 'required', 'default', 'choices', 'elements')  # no_log is not a documentation key


def documented_spec(option):
    """The argument-spec keys an option's DOCUMENTATION states (defaults as AnsibleModule applies them)."""
    documented = dict((key, option.get(key)) for key in SPEC_KEYS)
    documented['type'] = documented['type'] or 'str'
    documented['required'] = bool(documented['required'])
    return documented


@pytest.mark.parametrize('name', module_names())
def test_documentation_and_generated_argument_spec_agree(name):
    """Each option is declared once, in the module's Resource or Listing; DOCUMENTATION must say the same."""
    from ansible_collections.ubidots.cloud.plugins.module_utils.base import with_auth_options
    from ansible_collections.ubidots.cloud.plugins.plugin_utils.in_process import MODULES
    spec = with_auth_options(MODULES[name].module_spec()['argument_spec'])
    documented = documentation(name).get('options') or {}
    assert sorted(documented) == sorted(spec), '%s: options documented %s, declared %s' % (name, sorted(documented), sorted(spec))
    for option, declared in spec.items():
        assert documented_spec(documented[option]) == documented_spec(declared), '%s: option %s' % (name, option)
