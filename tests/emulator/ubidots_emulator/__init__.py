# -*- coding: utf-8 -*-
"""A local emulator of the Ubidots REST API, the test counterpart of the ubidots.cloud collection."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

__version__ = '0.1.0'
