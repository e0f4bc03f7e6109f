# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Runs ubidots.cloud.ubidots_user_info in the Ansible worker (see plugins/plugin_utils/in_process.py)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.ubidots.cloud.plugins.plugin_utils.in_process import InProcessAction


class ActionModule(InProcessAction):
    module_name = 'ubidots_user_info'
