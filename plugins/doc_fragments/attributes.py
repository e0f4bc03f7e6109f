# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):
    # The attributes every module of the collection shares. A module lists this fragment before
    # ansible.builtin.action_common_attributes and ansible.builtin.action_common_attributes.actiongroups,
    # which supply the descriptions. Ansible merges attributes one level deep and the module's own
    # entries win: a module adds its own text with, for example, `attributes: {diff_mode: {details: ...}}`.
    # The membership of the action group must match meta/runtime.yml (tests/unit/test_runtime_meta.py).

    # Modules that manage an object: they predict in check mode and show a diff.
    DOCUMENTATION = r'''
attributes:
  platform:
    platforms: all
  check_mode:
    support: full
  diff_mode:
    support: full
  action_group:
    membership:
      - ubidots.cloud.ubidots
'''

    # The read-only _info modules (ubidots.cloud.attributes.info).
    INFO = r'''
attributes:
  platform:
    platforms: all
  check_mode:
    support: full
    details: The module only reads, so it runs the same in check mode.
  diff_mode:
    support: none
  action_group:
    membership:
      - ubidots.cloud.ubidots
'''
