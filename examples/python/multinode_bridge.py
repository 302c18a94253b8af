#!/usr/bin/env python3
"""A client of multinode's TCP event-bus bridge in plain Python 3 (standard library only).

Frames are a 4-byte big-endian length and that many bytes of UTF-8 JSON, both ways.

  python3 examples/python/multinode_bridge.py listen 127.0.0.1:7000 events.deploys multinode.chat.room.lobby
  python3 examples/python/multinode_bridge.py publish 127.0.0.1:7000 events.deploys '{"version":"1.2.3"}'
  python3 examples/python/multinode_bridge.py request 127.0.0.1:7000 multinode.groups.api '{"action":"which_groups"}'
  python3 examples/python/multinode_bridge.py say 127.0.0.1:7000 lobby "deploy finished" [--from deploy-bot]
  python3 examples/python/multinode_bridge.py tour 127.0.0.1:7000 127.0.0.1:7001

`tour` walks through the bridge across two nodes and exits non-zero if anything is not as described.

A bridge that listens beyond loopback asks for its token (bridge.token) in the first frame: set
MULTINODE_BRIDGE_TOKEN and every connection sends {"type":"auth","token":...} before anything else.
"""
import json
import os
import socket
import struct
import sys
import uuid


class Bridge:
    def __init__(self, address, timeout=10.0):
        host, port = address.rsplit(":", 1)
        self.sock = socket.create_connection((host, int(port)), timeout=timeout)
        self.pending = []
        token = os.environ.get("MULTINODE_BRIDGE_TOKEN", "").strip()
        if token:
            answer = self.request({"type": "auth", "token": token})
            if answer.get("type") != "message":
                raise ConnectionError("the node refused the token: %s" % answer.get("message"))

    def send(self, frame):
        data = json.dumps(frame).encode("utf-8")
        self.sock.sendall(struct.pack(">i", len(data)) + data)

    def _read_exactly(self, n):
        chunks = b""
        while len(chunks) < n:
            chunk = self.sock.recv(n - len(chunks))
            if not chunk:
                raise ConnectionError("the node closed the connection")
            chunks += chunk
        return chunks

    def receive(self):
        """The next frame from the node (first those put aside by receive_where)."""
        if self.pending:
            return self.pending.pop(0)
        (length,) = struct.unpack(">i", self._read_exactly(4))
        return json.loads(self._read_exactly(length).decode("utf-8"))

    def receive_where(self, match):
        """The first frame that matches; the others are put aside for receive()."""
        for i, frame in enumerate(self.pending):
            if match(frame):
                return self.pending.pop(i)
        while True:
            (length,) = struct.unpack(">i", self._read_exactly(4))
            frame = json.loads(self._read_exactly(length).decode("utf-8"))
            if match(frame):
                return frame
            self.pending.append(frame)

    def request(self, frame):
        """Sends a frame with a fresh reply address and returns the node's answer (a message or an err)."""
        reply = str(uuid.uuid4())
        self.send(dict(frame, replyAddress=reply))
        # an err frame without an address is the node refusing the connection (unauthorized)
        return self.receive_where(lambda f: f.get("address") == reply
                                  or (f.get("type") == "err" and "address" not in f))

    def register(self, address):
        """Subscribes; returns once the subscription is in place (or the node refused it)."""
        return self.request({"type": "register", "address": address})

    def close(self):
        self.sock.close()


def tour(first, second):
    ok = True

    def check(passed, what):
        nonlocal ok
        ok = ok and passed
        print(("ok    " if passed else "FAILED") + " " + what)

    a, b = Bridge(first), Bridge(second)
    topic = "events.tour-python"
    answer = b.register(topic)
    check(answer.get("type") == "message", "registered %s through %s" % (topic, second))
    a.send({"type": "publish", "address": topic, "body": {"from": "python", "n": 1}})
    got = b.receive_where(lambda f: f.get("address") == topic)
    check(got["body"] == {"from": "python", "n": 1}, "published through %s, received through %s: %s"
          % (first, second, json.dumps(got["body"])))
    groups = a.request({"type": "send", "address": "multinode.groups.api", "body": {"action": "which_groups"}})
    check(groups.get("type") == "message" and "groups" in groups["body"],
          "request/reply with the groups API: %s" % json.dumps(groups.get("body")))
    said = a.request({"type": "send", "address": "multinode.chat.room.lobby",
                      "body": {"from": "python", "text": "hello from Python"}})
    check(said.get("type") == "message" and "seq" in said["body"], "said in room lobby: seq %s" % said["body"].get("seq"))
    denied = a.request({"type": "send", "address": "private.topic", "body": {}})
    check(denied.get("message") == "access_denied", "an address outside the permissions: %s" % denied.get("message"))
    invoke = a.request({"type": "send", "address": "multinode.node.any.invoke",
                        "body": {"type": "call", "task": "node.name"}})
    check(invoke.get("message") == "access_denied", "a request to an invoke address: %s" % invoke.get("message"))
    a.close()
    b.close()
    return 0 if ok else 1


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    command, address, args = argv[1], argv[2], argv[3:]
    if command == "tour" and len(args) == 1:
        return tour(address, args[0])
    bridge = Bridge(address, timeout=None if command == "listen" else 10.0)
    if command == "listen" and args:
        for topic in args:
            answer = bridge.register(topic)
            if answer.get("type") == "err":
                print("%s: %s" % (topic, answer.get("message")), file=sys.stderr)
                return 1
        while True:
            frame = bridge.receive()
            print(json.dumps({"address": frame.get("address"), "body": frame.get("body")}), flush=True)
    if command == "publish" and len(args) == 2:
        answer = bridge.request({"type": "send", "address": args[0], "body": json.loads(args[1])})
    elif command == "request" and len(args) == 2:
        answer = bridge.request({"type": "send", "address": args[0], "body": json.loads(args[1])})
    elif command == "say" and len(args) in (2, 4) and (len(args) == 2 or args[2] == "--from"):
        sender = args[3] if len(args) == 4 else "python"
        answer = bridge.request({"type": "send", "address": "multinode.chat.room." + args[0],
                                 "body": {"from": sender, "text": args[1]}})
    else:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    print(json.dumps(answer.get("body") if answer.get("type") == "message" else answer))
    return 0 if answer.get("type") == "message" else 1


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except (OSError, ValueError) as error:
        print("multinode_bridge: %s" % error, file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
