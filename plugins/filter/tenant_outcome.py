# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The report filters of tenant_bootstrap and tenant_teardown; what they arrange is in plugin_utils/tenant_outcome.py."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.ubidots.cloud.plugins.plugin_utils.tenant_outcome import teardown_outcome, tenant_outcome


class FilterModule(object):

    def filters(self):
        return {'tenant_outcome': tenant_outcome, 'teardown_outcome': teardown_outcome}
