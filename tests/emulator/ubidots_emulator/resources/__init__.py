# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One module per API resource: how it is validated, stored and serialized."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type
