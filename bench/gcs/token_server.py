#!/usr/bin/env python3
"""token_server.py PORT - the OAuth token endpoint fake-gcs-server lacks, for the GCS benchmark.

Answers every POST with an access token (the emulator checks none); the tests' FakeGcsTokens also
verifies the JWT signature, which does not matter for timing.
"""
import http.server
import sys


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = b'{"access_token": "ya29.bench", "expires_in": 3599, "token_type": "Bearer"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
