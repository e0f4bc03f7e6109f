# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every unit test paces its requests in a directory of its own, never in the shared temporary one."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.ubidots.cloud.plugins.module_utils import pacing


@pytest.fixture(autouse=True)
def private_pace_directory(monkeypatch, tmp_path):
    monkeypatch.setattr(pacing.tempfile, 'gettempdir', lambda: str(tmp_path))
    return tmp_path
