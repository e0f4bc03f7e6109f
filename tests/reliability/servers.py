# -*- coding: utf-8 -*-
# Copyright: ubidots.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Small local servers that are not the Ubidots API: an HTML page, truncated JSON, a self-signed TLS endpoint."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import shutil
import socket
import ssl
import subprocess
import threading

try:
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
except ImportError:  # pragma: no cover - Python 2 is not supported; keeps sanity's py2 compile quiet
    BaseHTTPRequestHandler = ThreadingHTTPServer = object


class CannedServer:
    """Answers every request with one status, content type and body; remembers (method, path) of each."""

    def __init__(self, status, content_type, body, tls_context=None):
        self.seen = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                owner.seen.append((self.command, self.path))
                length = int(self.headers.get('Content-Length') or 0)
                if length:
                    self.rfile.read(length)
                data = body.encode('utf-8')
                self.send_response(status)
                self.send_header('Content-Type', content_type)
                self.send_header('Content-Length', str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _answer

            def log_message(self, *args):  # pylint: disable=arguments-differ
                pass

        self.server = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
        self.scheme = 'http'
        if tls_context is not None:
            self.server.socket = tls_context.wrap_socket(self.server.socket, server_side=True)
            self.scheme = 'https'
        self.url = '%s://127.0.0.1:%d' % (self.scheme, self.server.server_address[1])
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def writes(self):
        return [seen for seen in self.seen if seen[0] not in ('GET', 'HEAD')]

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def self_signed_context(workdir):
    """A server TLS context with a fresh self-signed certificate for 127.0.0.1, or None without openssl."""
    openssl = shutil.which('openssl')
    if not openssl:
        return None
    cert, key = '%s/tls-cert.pem' % workdir, '%s/tls-key.pem' % workdir
    subprocess.check_call([openssl, 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert,
                           '-days', '1', '-subj', '/CN=127.0.0.1'], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


def closed_port_url():
    """An http URL on 127.0.0.1 where nothing listens (the port was free a moment ago)."""
    probe = socket.socket()
    probe.bind(('127.0.0.1', 0))
    port = probe.getsockname()[1]
    probe.close()
    return 'http://127.0.0.1:%d' % port


def echo_server(status=200):
    """A server that answers every request with the request line and headers as plain text (token included)."""
    server = CannedServer(status, 'text/plain', '')
    handler = server.server.RequestHandlerClass

    def answer(self):
        server.seen.append((self.command, self.path))
        # The token header first, so that it falls inside any excerpt of the body a client shows.
        lines = sorted(('%s: %s' % item for item in self.headers.items()), key=lambda line: not line.lower().startswith('x-auth'))
        data = ('%s\n%s %s' % ('\n'.join(lines), self.command, self.path)).encode('utf-8')
        self.send_response(status)
        self.send_header('Content-Type', 'text/plain')
        self.send_header('Content-Length', str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    handler.do_GET = handler.do_POST = handler.do_PATCH = handler.do_DELETE = answer
    return server
