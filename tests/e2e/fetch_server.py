#!/usr/bin/python3
"""Loopback web servers for tests/e2e/test_fetch.sh (issue 5, "Proof").

Serves the same routes over plain HTTP and over HTTPS (with the certificate
the test made), each on a free port of 127.0.0.1, and writes
"HTTP_PORT HTTPS_PORT" to PORT_FILE once both listen. Runs until killed.

Usage: fetch_server.py PORT_FILE CERT KEY BANK_HOLIDAYS_JSON

Routes (GET):
  /doc.pdf               a small PDF, ETag "v1" and Last-Modified; 304 when
                         the request's If-None-Match or If-Modified-Since match
  /r/N                   a redirect chain: N more redirects, then /doc.pdf
  /to-file, /to-ftp      a redirect to file:///etc/passwd, ftp://127.0.0.1/x
  /to-http               (HTTPS) a redirect to the same PDF over plain HTTP
  /missing.pdf, /error.pdf   404 and 500
  /big.pdf               5000 bytes with a Content-Length
  /big-chunked.pdf       5000 bytes without one (the end is the connection's)
  /stall.pdf             promises 100 bytes, sends 10, then waits 60 s
  /truncated.pdf         promises 1000 bytes, sends 100, then hangs up
  /image.pdf             a PNG image, as image/png
  /guidance.pdf          a sign-in web page served with status 200
  /data.json, /bad.json  valid and invalid JSON
  /named                 a PDF whose Content-Disposition names a path
  /bank-holidays.json    the file given (GOV.UK's format); /bank-holidays-v2.json
                         the same with its last holiday renamed
"""
import json
import socket
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
       b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
ETAG = '"v1"'
LAST_MODIFIED = "Mon, 02 Nov 2026 09:00:00 GMT"
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
       b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00"
       b"\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
HTML = (b"<!DOCTYPE html>\n<html><head><title>Sign in</title></head>"
        b"<body><p>Please sign in to continue.</p></body></html>\n")
PORTS = {}
HOLIDAYS = {}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # quiet: the test reads the program's output
        pass

    def send(self, status, body, ctype="application/octet-stream", extra=()):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, where):
        self.send_response(302)
        self.send_header("Location", where)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):  # noqa: C901 (one route table)
        p = self.path
        if p == "/doc.pdf":
            if (self.headers.get("If-None-Match") == ETAG
                    or self.headers.get("If-Modified-Since") == LAST_MODIFIED):
                self.send_response(304)
                self.send_header("ETag", ETAG)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send(200, PDF, "application/pdf",
                      (("ETag", ETAG), ("Last-Modified", LAST_MODIFIED)))
        elif p.startswith("/r/"):
            n = int(p[3:])
            self.redirect("/doc.pdf" if n <= 0 else "/r/%d" % (n - 1))
        elif p == "/to-file":
            self.redirect("file:///etc/passwd")
        elif p == "/to-ftp":
            self.redirect("ftp://127.0.0.1/x")
        elif p == "/to-http":
            self.redirect("http://127.0.0.1:%d/doc.pdf" % PORTS["http"])
        elif p == "/missing.pdf":
            self.send(404, b"not found\n", "text/plain")
        elif p == "/error.pdf":
            self.send(500, b"server error\n", "text/plain")
        elif p == "/big.pdf":
            self.send(200, b"%PDF-" + b"x" * 4995, "application/pdf")
        elif p == "/big-chunked.pdf":
            # HTTP/1.0 style: no length, the body ends when the connection does.
            self.wfile.write(b"HTTP/1.0 200 OK\r\nContent-Type: application/pdf\r\n\r\n")
            self.wfile.write(b"%PDF-" + b"x" * 4995)
            self.close_connection = True
        elif p == "/stall.pdf":
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.send_header("Content-Length", "100")
            self.end_headers()
            self.wfile.write(b"%PDF-1.4\n")
            self.wfile.flush()
            time.sleep(60)
        elif p == "/truncated.pdf":
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b"%PDF-" + b"y" * 95)
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
        elif p == "/image.pdf":
            self.send(200, PNG, "image/png")
        elif p == "/guidance.pdf":
            self.send(200, HTML, "text/html; charset=utf-8")
        elif p == "/data.json":
            self.send(200, b'{"ok": true}\n', "application/json")
        elif p == "/bad.json":
            self.send(200, b'{"ok": tru\n', "application/json")
        elif p == "/named":
            self.send(200, PDF, "application/pdf",
                      (("Content-Disposition", 'attachment; filename="../../evil name.pdf"'),))
        elif p == "/bank-holidays.json":
            self.send(200, HOLIDAYS["v1"], "application/json")
        elif p == "/bank-holidays-v2.json":
            self.send(200, HOLIDAYS["v2"], "application/json")
        else:
            self.send(404, b"no such route\n", "text/plain")


def serve(server):
    server.serve_forever()


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    port_file, cert, key, holidays = sys.argv[1:]
    with open(holidays, "rb") as f:
        HOLIDAYS["v1"] = f.read()
    data = json.loads(HOLIDAYS["v1"])
    # A newer list: the same holidays, one of them renamed, as GOV.UK does.
    data["england-and-wales"]["events"][-1]["title"] += " (test copy)"
    HOLIDAYS["v2"] = json.dumps(data).encode()
    plain = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    secure = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    secure.socket = ctx.wrap_socket(secure.socket, server_side=True)
    PORTS["http"] = plain.server_address[1]
    PORTS["https"] = secure.server_address[1]
    for s in (plain, secure):
        s.daemon_threads = True
        threading.Thread(target=serve, args=(s,), daemon=True).start()
    with open(port_file + ".tmp", "w") as f:
        f.write("%d %d\n" % (PORTS["http"], PORTS["https"]))
    import os
    os.rename(port_file + ".tmp", port_file)
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
