%% Erlang/OTP pg figures for bench/run, printed as "key value" lines (see bench/GroupsBench.java).
%% Run: erlc -o DIR pg_bench.erl bench_rounds.erl && erl -pa DIR -name pgbench_a@127.0.0.1 -setcookie multinode-bench -noshell -s pg_bench main
-module(pg_bench).
-export([main/0, forwarder/1, victim/1]).

%% Every figure is taken with a second node connected, as multinode's are: each join is then also
%% sent to the other node's pg scope.
main() ->
  {ok, _} = pg:start_link(),
  B = start_peer(),
  out(reads, reads()),
  out(joins, joins_one()),
  Batched = [joins_batched(Round) || Round <- lists:seq(1, 5)],
  io:format("batched rounds (member-joins/s): ~p~n", [[round(R) || R <- Batched]]),
  out(batched, bench_rounds:median(Batched)),
  out(batched_slowest, lists:min(Batched)),
  {First, Last, BigReads} = big(),
  out(big_first, First),
  out(big_last, Last),
  out(big_reads, BigReads),
  {P50, P99} = latency(B),
  out(latency_p50, P50),
  out(latency_p99, P99),
  out(killed_ms, killed(B)),
  halt(0).

out(Key, Value) -> io:format("~s ~.1f~n", [Key, float(Value)]).

idle() -> spawn(fun() -> receive stop -> ok end end).

now_native() -> erlang:monotonic_time().

seconds_since(T0) -> erlang:convert_time_unit(now_native() - T0, native, nanosecond) / 1.0e9.

%% get_members of a 10-member group for 2 s
reads() -> reads_of(g10, [idle() || _ <- lists:seq(1, 10)]).

reads_of(Group, Pids) ->
  pg:join(Group, Pids),
  read_loop(Group, 100000),
  T0 = now_native(),
  N = count_reads(Group, T0 + erlang:convert_time_unit(2, second, native), 0),
  N / seconds_since(T0).

count_reads(Group, End, N) ->
  case now_native() < End of
    true -> read_loop(Group, 1000), count_reads(Group, End, N + 1000);
    false -> N
  end.

read_loop(_, 0) -> ok;
read_loop(Group, I) -> _ = pg:get_members(Group), read_loop(Group, I - 1).

%% one process joins 50,000 groups, one call at a time
joins_one() ->
  P = idle(),
  T0 = now_native(),
  [ok = pg:join({one, I}, P) || I <- lists:seq(1, 50000)],
  50000 / seconds_since(T0).

%% 100 processes join 500 groups, 100 per call; each of the five rounds (the figure is their median, as
%% multinode's) with its own groups
joins_batched(Round) ->
  Pids = [idle() || _ <- lists:seq(1, 100)],
  T0 = now_native(),
  [ok = pg:join({batch, Round, I}, Pids) || I <- lists:seq(1, 500)],
  50000 / seconds_since(T0).

%% 50,000 processes join one group one at a time: speed of the first and last 1,000, then reads
big() ->
  Pids = [idle() || _ <- lists:seq(1, 50000)],
  {First, Rest} = lists:split(1000, Pids),
  {Middle, Last} = lists:split(48000, Rest),
  T0 = now_native(),
  [ok = pg:join(big, P) || P <- First],
  F = 1000 / seconds_since(T0),
  [ok = pg:join(big, P) || P <- Middle],
  T1 = now_native(),
  [ok = pg:join(big, P) || P <- Last],
  L = 1000 / seconds_since(T1),
  read_loop(big, 1000),
  T2 = now_native(),
  N = count_reads(big, T2 + erlang:convert_time_unit(2, second, native), 0),
  {F, L, N / seconds_since(T2)}.

start_peer() ->
  Dir = filename:dirname(code:which(?MODULE)),
  {ok, _Peer, B} = peer:start(#{name => pgbench_b, host => "127.0.0.1", longnames => true,
                                args => ["-setcookie", "multinode-bench", "-pa", Dir]}),
  {ok, _} = erpc:call(B, pg, start, [pg]),
  B.

%% join (or leave) on this node until node B's pg monitor sees it, 2,200 times; the first 200 warm up
latency(B) ->
  ok = erpc:call(B, ?MODULE, forwarder, [self()]),
  receive forwarding -> ok end,
  P = idle(),
  Micros = [latency_once(I, P) || I <- lists:seq(1, 2200)],
  Sorted = lists:sort(lists:nthtail(200, Micros)),
  {lists:nth(length(Sorted) div 2, Sorted), lists:nth(trunc(length(Sorted) * 0.99), Sorted)}.

%% node B's 1,000 members gone from this node after kill -9 of B
killed(B) ->
  OsPid = erpc:call(B, os, getpid, []),
  ok = erpc:call(B, ?MODULE, victim, [1000]),
  wait_members(victim, 1000),
  T0 = now_native(),
  os:cmd("kill -9 " ++ OsPid),
  wait_members(victim, 0),
  seconds_since(T0) * 1000.

latency_once(I, P) ->
  T0 = os:system_time(nanosecond),
  case I rem 2 of
    1 -> ok = pg:join(lat, P);
    0 -> ok = pg:leave(lat, P)
  end,
  receive {seen, T1} -> (T1 - T0) / 1000 end.

%% on node B: tell the origin the moment a join or leave of group lat is seen
forwarder(To) ->
  spawn(fun() ->
    {Ref, _} = pg:monitor(lat),
    To ! forwarding,
    forward(Ref, To)
  end),
  ok.

forward(Ref, To) ->
  receive
    {Ref, _JoinOrLeave, lat, _} -> To ! {seen, os:system_time(nanosecond)}, forward(Ref, To)
  end.

%% on node B: 1,000 members in group victim
victim(N) ->
  Pids = [spawn(fun() -> receive stop -> ok end end) || _ <- lists:seq(1, N)],
  pg:join(victim, Pids).

wait_members(Group, N) ->
  case length(pg:get_members(Group)) of
    N -> ok;
    _ -> timer:sleep(1), wait_members(Group, N)
  end.
