#!/usr/bin/env python3
"""OpenSSL's own time-stamp authority (`openssl ts -reply`) behind HTTP, on 127.0.0.1 only.

Usage: tsa_server.py DIR   (makes a CA and a TSA certificate in DIR, prints the port, then serves)

POST /          an RFC 3161 TimeStampReq (application/timestamp-query); the reply is OpenSSL's.
POST /fail      answers 503, as an authority that is down.
POST /other     answers with a token for another digest (a replayed or misdirected reply).
POST /sha1      answers OpenSSL's refusal of a digest it does not accept (PKIStatus rejection).
DIR/ca.pem is the authority's CA, DIR/other-ca.pem a CA that did not issue it.
"""
import os
import subprocess
import sys
import tempfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# A server outlives the tests around it: a descriptor inherited from the test runner (the
# socket by which Foundation's Process sees another test's child exit, among them) would keep
# that child looking alive until this server stops. Close every one but the standard three.
os.closerange(3, os.sysconf("SC_OPEN_MAX"))

work = os.path.abspath(sys.argv[1])
os.makedirs(work, exist_ok=True)


def openssl(*args, stdin=None):
    return subprocess.run(["openssl", *args], cwd=work, input=stdin, check=True, capture_output=True).stdout


def make_certificates():
    with open(os.path.join(work, "tsa.ext"), "w") as f:
        f.write("basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=critical,timeStamping\n"
                "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n")
    for name in ("ca", "other-ca"):
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", f"{name}.key",
                "-out", f"{name}.pem", "-days", "36500", "-subj", f"/CN=SignalPress test {name}",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign")
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "tsa.key", "-out", "tsa.csr", "-subj", "/CN=SignalPress test TSA")
    openssl("x509", "-req", "-in", "tsa.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-set_serial", "7", "-days", "36500",
            "-extfile", "tsa.ext", "-out", "tsa.pem")
    with open(os.path.join(work, "serial"), "w") as f:
        f.write("01\n")
    with open(os.path.join(work, "tsa.cnf"), "w") as f:
        f.write(f"""[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
dir = {work}
serial = $dir/serial
crypto_device = builtin
signer_cert = $dir/tsa.pem
certs = $dir/ca.pem
signer_key = $dir/tsa.key
signer_digest = sha256
default_policy = 1.3.6.1.4.1.99999.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
""")


def reply(query):
    with tempfile.TemporaryDirectory() as scratch:
        path = os.path.join(scratch, "query.tsq")
        with open(path, "wb") as f:
            f.write(query)
        return openssl("ts", "-reply", "-config", "tsa.cnf", "-queryfile", path)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body, kind="application/timestamp-reply"):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        query = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.path == "/fail":
            return self.send(503, b"down for maintenance", "text/plain")
        if self.path == "/other":
            query = openssl("ts", "-query", "-digest", "ab" * 32, "-sha256", "-cert")
        if self.path == "/sha1":
            query = openssl("ts", "-query", "-digest", "ab" * 20, "-sha1", "-cert")
        try:
            self.send(200, reply(query))
        except subprocess.CalledProcessError as error:
            self.send(400, error.stderr, "text/plain")


make_certificates()
server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
