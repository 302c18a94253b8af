"""Opens bridge WebSockets to one node in a loop, as one abusive address would, and keeps the ones it gets.

  python3 session_flood.py HOST PORT ATTEMPTS

Prints one JSON object: how many attempts got each status line code (101, 429, ...).
"""
import json
import socket
import sys

host, port, attempts = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
request = ("GET /eventbus/websocket HTTP/1.1\r\nHost: %s:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n" % (host, port)).encode()
statuses = {}
held = []
for _ in range(attempts):
    sock = socket.create_connection((host, port), timeout=10)
    sock.sendall(request)
    head = b""
    while b"\r\n" not in head:
        chunk = sock.recv(4096)
        if not chunk:
            break
        head += chunk
    status = head.split(b" ")[1].decode() if head.startswith(b"HTTP/1.1 ") else "none"
    statuses[status] = statuses.get(status, 0) + 1
    if status == "101":
        held.append(sock)
    else:
        sock.close()
print(json.dumps(statuses), flush=True)
