# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""`python -m ubidots_emulator`"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import sys

from ubidots_emulator.cli import main

sys.exit(main())
