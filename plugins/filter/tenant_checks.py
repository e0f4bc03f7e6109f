# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The input filters of tenant_bootstrap; what they check is in plugin_utils/tenant_checks.py."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.ubidots.cloud.plugins.plugin_utils.tenant_checks import tenant_errors, tenant_users, undeclared_roles


class FilterModule(object):

    def filters(self):
        return {'tenant_errors': tenant_errors, 'undeclared_roles': undeclared_roles, 'tenant_users': tenant_users}
