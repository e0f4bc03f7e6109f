# Offline stand-in for the get-pip bootstrap script that ansible-test downloads.
#
# ansible-test sanity builds one private virtual environment per test and bootstraps pip
# in it by running ~/.ansible/test/cache/get_pip_<version>.py, downloading that file from
# a host we cannot reach unless it is already there. tests/tools/sanity.sh copies this
# file to those paths. It installs pip from the wheel that the interpreter's own ensurepip
# bundles, asking that pip to install the requested packages (``pip==24.2`` and so on)
# from the configured package index.
#
# ansible-test runs it as ``python quiet_pip.py [--no-setuptools] [--no-wheel] PACKAGE...``
# with this file loaded as __main__; options other than the two get-pip ones go to pip.
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import glob
import os
import subprocess
import sys

MARKER = 'ubidots.cloud get-pip stand-in'
GET_PIP_ONLY_OPTIONS = ('--no-setuptools', '--no-wheel')


def bundled_pip_wheel():
    """Return the path of the pip wheel that ensurepip ships with this interpreter."""
    import ensurepip  # pylint: disable=import-outside-toplevel

    wheels = sorted(glob.glob(os.path.join(os.path.dirname(ensurepip.__file__), '_bundled', 'pip-*.whl')))
    if not wheels:
        sys.exit('%s: no bundled pip wheel found next to %s' % (MARKER, ensurepip.__file__))
    return wheels[-1]


def main():
    args = [arg for arg in sys.argv[1:] if arg not in GET_PIP_ONLY_OPTIONS]
    # A wheel is a zip archive with pip at its top level, so "python WHEEL/pip" runs that pip.
    command = [sys.executable, os.path.join(bundled_pip_wheel(), 'pip'), 'install', '--upgrade'] + args
    sys.exit(subprocess.call(command))


if __name__ == '__main__':
    main()
