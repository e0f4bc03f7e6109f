# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A local emulator of the Ubidots REST API, the test counterpart of the ubidots.cloud collection."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

__version__ = '0.1.0'
