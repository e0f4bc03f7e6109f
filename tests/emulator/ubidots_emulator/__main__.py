# -*- coding: utf-8 -*-
"""`python -m ubidots_emulator`"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import sys

from ubidots_emulator.cli import main

sys.exit(main())
