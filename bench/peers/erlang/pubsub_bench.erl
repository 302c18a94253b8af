%% Erlang/OTP pubsub figures for bench/run, printed as "key value" lines (see bench/PubSubBench.java).
%% A topic is a pg group whose members are the subscriber processes; a broadcast sends the message to
%% every member (Phoenix.PubSub's PG2 adapter relays through one process per node; this is the direct form).
%% The broadcast latency's rounds alternate with the Java side's (bench_rounds.erl);
%% with stdin at its end, as below, they run one after the other.
%% Run: erlc -o DIR pubsub_bench.erl bench_rounds.erl && erl -pa DIR -name psbench_a@127.0.0.1 -setcookie multinode-bench -noshell -s pubsub_bench main < /dev/null
-module(pubsub_bench).
-export([main/0, counter/2, subscribers/3, latency_sink/1]).

-define(MSG, #{<<"type">> => <<"message">>, <<"room">> => <<"lobby">>, <<"from">> => <<"alice">>,
               <<"text">> => <<"hello, is anybody out there?">>}).

main() ->
  {ok, _} = pg:start_link(),
  Dir = filename:dirname(code:which(?MODULE)),
  {ok, _Peer, B} = peer:start(#{name => psbench_b, host => "127.0.0.1", longnames => true,
                                args => ["-setcookie", "multinode-bench", "-pa", Dir]}),
  {ok, _} = erpc:call(B, pg, start, [pg]),
  out(throughput, throughput(B, 200000)),
  %% five rounds, each figure the median of theirs, as on the Java side
  Rounds = bench_rounds:paced("broadcast latency", 5, fun(Round) -> latency(B, {lat, Round}) end),
  out(latency_p50, bench_rounds:median([P || {P, _} <- Rounds])),
  out(latency_p99, bench_rounds:median([P || {_, P} <- Rounds])),
  out(fanout_ms, fanout(B)),
  halt(0).

out(Key, Value) -> io:format("~s ~.1f~n", [Key, float(Value)]).

now_native() -> erlang:monotonic_time().

ms_since(T0) -> erlang:convert_time_unit(now_native() - T0, native, microsecond) / 1000.

broadcast(Topic, Msg) -> [Pid ! Msg || Pid <- pg:get_members(Topic)], ok.

%% one subscriber on B; A broadcasts N messages; msgs/s until the last one arrives on B
throughput(B, N) ->
  Counter = erpc:call(B, erlang, spawn, [?MODULE, counter, [self(), N]]),
  ok = erpc:call(B, pg, join, [thr, Counter]),
  wait_members(thr, 1),
  T0 = now_native(),
  [broadcast(thr, ?MSG) || _ <- lists:seq(1, N)],
  receive {counted, N} -> N / (ms_since(T0) / 1000) end.

counter(Report, N) -> count(Report, N, 0).
count(Report, N, N) -> Report ! {counted, N};
count(Report, N, I) -> receive _ -> count(Report, N, I + 1) end.

%% one message a millisecond for 3 s to a group of its own; one-way time measured with the shared wall clock
latency(B, Group) ->
  Sink = erpc:call(B, erlang, spawn, [?MODULE, latency_sink, [self()]]),
  ok = erpc:call(B, pg, join, [Group, Sink]),
  wait_members(Group, 1),
  Start = erlang:monotonic_time(millisecond),
  [begin broadcast(Group, {os:system_time(nanosecond), ?MSG}), sleep_until(Start + I) end || I <- lists:seq(1, 3000)],
  broadcast(Group, done),
  receive {latencies, L} ->
    Sorted = lists:sort(lists:nthtail(500, lists:reverse(L))),
    {lists:nth(length(Sorted) div 2, Sorted), lists:nth(trunc(length(Sorted) * 0.99), Sorted)}
  end.

%% one message a millisecond, as the Java side's periodic timer sends them: timer:sleep(1) returns after
%% 2 ms here (1,000 of them took 2,003 ms), so it paced them at 500/s; a timer at an absolute time does not
%% drift
sleep_until(Deadline) ->
  erlang:send_after(Deadline, self(), tick, [{abs, true}]),
  receive tick -> ok end.

latency_sink(Report) -> latency_sink(Report, []).
latency_sink(Report, Acc) ->
  receive
    done -> Report ! {latencies, Acc};
    {T0, _} -> latency_sink(Report, [(os:system_time(nanosecond) - T0) / 1000 | Acc])
  end.

%% 10,000 subscribers on each node; one broadcast; time until all 20,000 got it (median of 5)
fanout(B) ->
  Me = self(),
  ok = erpc:call(B, ?MODULE, subscribers, [fan, 10000, Me]),
  ok = subscribers(fan, 10000, Me),
  wait_members(fan, 20000),
  Times = [fanout_once() || _ <- lists:seq(1, 5)],
  lists:nth(3, lists:sort(Times)).

fanout_once() ->
  T0 = now_native(),
  broadcast(fan, ?MSG),
  [receive all_got -> ok end || _ <- [1, 2]],
  ms_since(T0).

%% N subscribers on this node, counted by a local process that tells Report when all N got a message
subscribers(Topic, N, Report) ->
  Counter = spawn(fun() -> tally(Report, N, 0) end),
  Pids = [spawn(fun() -> sub_loop(Counter) end) || _ <- lists:seq(1, N)],
  pg:join(Topic, Pids).

tally(Report, N, N) -> Report ! all_got, tally(Report, N, 0);
tally(Report, N, I) -> receive got -> tally(Report, N, I + 1) end.

sub_loop(Counter) -> receive _ -> Counter ! got, sub_loop(Counter) end.

wait_members(Group, N) ->
  case length(pg:get_members(Group)) of
    N -> ok;
    _ -> timer:sleep(1), wait_members(Group, N)
  end.
