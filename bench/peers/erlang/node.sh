#!/usr/bin/env bash
# A distributed Erlang node with default settings (net_ticktime 60), printing what multinode prints:
# READY once started (and connected to PEER, if given), then "node up: N" / "node down: N".
# usage: node.sh NAME [PEER]     (both short names; the nodes live on 127.0.0.1)
set -euo pipefail
name=$1
peer=${2:-}
exec erl -name "$name@127.0.0.1" -setcookie multinode-bench -noshell -eval "
  net_kernel:monitor_nodes(true),
  case \"$peer\" of
    \"\" -> ok;
    Peer -> pong = net_adm:ping(list_to_atom(Peer ++ \"@127.0.0.1\"))
  end,
  io:format(\"READY~n\"),
  Loop = fun L() ->
    receive
      {nodeup, N} -> io:format(\"node up: ~s~n\", [N]), L();
      {nodedown, N} -> io:format(\"node down: ~s~n\", [N]), L()
    end
  end,
  Loop()."
