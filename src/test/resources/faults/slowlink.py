#!/usr/bin/env python3
"""A slow, lossy link for the fault tests, like `tc qdisc add dev eth0 root netem delay 100ms loss 5%`
(this machine's kernel has no netem): packets that iptables sends to NFQUEUE are held for the delay,
then accepted, or dropped at the given rate. Standard library only: it speaks nfnetlink_queue itself.

usage: slowlink.py QUEUE DELAY_MS LOSS_PERCENT
It prints "ready" once bound, then per second nothing; on SIGTERM it prints "passed N dropped M".
"""
import heapq, random, signal, socket, struct, sys, time

NETLINK_NETFILTER = 12
NFNL_SUBSYS_QUEUE = 3
NFQNL_MSG_PACKET, NFQNL_MSG_VERDICT, NFQNL_MSG_CONFIG = 0, 1, 2
NFQA_CFG_CMD, NFQA_CFG_PARAMS = 1, 2
NFQNL_CFG_CMD_BIND = 1
NFQNL_COPY_META = 1
NFQA_PACKET_HDR, NFQA_VERDICT_HDR = 1, 2
NF_DROP, NF_ACCEPT = 0, 1
NLM_F_REQUEST, NLM_F_ACK = 1, 4
NLMSG_ERROR = 2


def attr(kind, payload):
    length = 4 + len(payload)
    return struct.pack("=HH", length, kind) + payload + b"\0" * ((4 - length % 4) % 4)


def message(kind, queue, attrs, flags=NLM_F_REQUEST):
    body = struct.pack("=BBH", socket.AF_UNSPEC, 0, socket.htons(queue)) + b"".join(attrs)
    return struct.pack("=IHHII", 16 + len(body), (NFNL_SUBSYS_QUEUE << 8) | kind, flags, 0, 0) + body


def packet_ids(data):
    """The packet ids in one datagram of queued packets."""
    offset = 0
    while offset + 16 <= len(data):
        length, kind = struct.unpack_from("=IH", data, offset)
        if length < 16:
            break
        if kind == NLMSG_ERROR:
            error = struct.unpack_from("=i", data, offset + 16)[0]
            if error != 0:
                sys.exit("slowlink: netlink error %d" % error)
        elif kind & 0xff == NFQNL_MSG_PACKET:
            at = offset + 20
            while at + 4 <= offset + length:
                alen, atype = struct.unpack_from("=HH", data, at)
                if alen < 4:
                    break
                if atype & 0x7fff == NFQA_PACKET_HDR:
                    yield struct.unpack_from("!I", data, at + 4)[0]
                at += (alen + 3) & ~3
        offset += (length + 3) & ~3


def main():
    queue, delay, loss = int(sys.argv[1]), float(sys.argv[2]) / 1000, float(sys.argv[3]) / 100
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_NETFILTER)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
    sock.bind((0, 0))
    sock.send(message(NFQNL_MSG_CONFIG, queue, [attr(NFQA_CFG_CMD, struct.pack("!BxH", NFQNL_CFG_CMD_BIND, 0))]))
    sock.send(message(NFQNL_MSG_CONFIG, queue, [attr(NFQA_CFG_PARAMS, struct.pack("!IB", 0, NFQNL_COPY_META))]))
    counts = {"passed": 0, "dropped": 0}

    def report(*_):
        print("passed %d dropped %d" % (counts["passed"], counts["dropped"]), flush=True)
        sys.exit(0)

    signal.signal(signal.SIGTERM, report)
    print("ready", flush=True)
    held = []
    while True:
        now = time.monotonic()
        while held and held[0][0] <= now:
            _, packet = heapq.heappop(held)
            verdict = NF_DROP if random.random() < loss else NF_ACCEPT
            counts["passed" if verdict == NF_ACCEPT else "dropped"] += 1
            sock.send(message(NFQNL_MSG_VERDICT, queue, [attr(NFQA_VERDICT_HDR, struct.pack("!II", verdict, packet))]))
        sock.settimeout(max(0.0005, held[0][0] - now) if held else None)
        try:
            data = sock.recv(1 << 16)
        except socket.timeout:
            continue
        arrived = time.monotonic()
        for packet in packet_ids(data):
            heapq.heappush(held, (arrived + delay, packet))


if __name__ == "__main__":
    main()
