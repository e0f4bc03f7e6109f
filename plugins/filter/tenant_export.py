# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The filters of playbooks/export.yml; what they do is in plugin_utils/tenant_export.py."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.ubidots.cloud.plugins.plugin_utils.tenant_export import export_selection, tenants_export


class FilterModule(object):

    def filters(self):
        return {'export_selection': export_selection, 'tenants_export': tenants_export}
