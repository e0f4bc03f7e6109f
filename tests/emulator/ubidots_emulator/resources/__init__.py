# -*- coding: utf-8 -*-
"""One module per API resource: how it is validated, stored and serialized."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type
