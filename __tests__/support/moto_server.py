"""Runs moto's server for one test on 127.0.0.1 and a free port, and stops by itself.

Prints the port on its first line of output, then serves until its standard input closes:
the Jest worker that started it holds the other end, so the server goes away with the
worker even when the worker is killed.
"""
import os
import sys

# AWS managed policies (SecurityAudit) exist in a real account; moto loads them on request.
os.environ.setdefault("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")

from moto.server import ThreadedMotoServer  # noqa: E402

server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
server.start()
print(server.get_host_and_port()[1], flush=True)
try:
    sys.stdin.read()
finally:
    server.stop()
