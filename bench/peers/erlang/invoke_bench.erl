%% Erlang/OTP remote-invocation figures for bench/run, printed as "key value" lines (see bench/InvokeBench.java).
%% call: erpc:call of a function returning its argument (erpc spawns a process on B per call);
%% output: a process spawned on B (spawn/4, the tutorial's Node.spawn) prints numbered lines through its
%% group leader, which is a counting io server on A: each line is a synchronous io request, as in Erlang;
%% fun_*: a fun spawned on a fresh peer prints node() through a group leader on A (first, then warm p50/p99).
%% The call latency's rounds alternate with the Java side's (bench_rounds.erl);
%% with stdin at its end, as below, they run one after the other.
%% Run: erlc -o DIR invoke_bench.erl bench_rounds.erl && erl -pa DIR -name ivbench_a@127.0.0.1 -setcookie multinode-bench -noshell -s invoke_bench main < /dev/null
-module(invoke_bench).
-export([main/0, echo/1, print_lines/1]).

-define(ARGS, #{<<"text">> => <<"hello, is anybody out there?">>}).

main() ->
  Dir = filename:dirname(code:which(?MODULE)),
  {ok, _Peer, B} = peer:start(#{name => ivbench_b, host => "127.0.0.1", longnames => true,
                                args => ["-setcookie", "multinode-bench", "-pa", Dir]}),
  %% warm-up, as for the Java side
  _ = latency(B, 20000),
  %% five rounds, each figure the median of theirs, as on the Java side
  Rounds = bench_rounds:paced("call latency", 5, fun(_) -> latency(B, 10000) end),
  out(call_p50_us, bench_rounds:median([P || {P, _} <- Rounds])),
  out(call_p99_us, bench_rounds:median([P || {_, P} <- Rounds])),
  _ = in_flight(B, 64, 100000),
  out(calls_per_s_64, in_flight(B, 64, 200000)),
  _ = output(B, 20000),
  out(output_lines_per_s, output(B, 100000)),
  %% a fresh peer for the first fun spawned on it
  {ok, _Peer2, C} = peer:start(#{name => ivbench_c, host => "127.0.0.1", longnames => true,
                                 args => ["-setcookie", "multinode-bench", "-pa", Dir]}),
  {[First], _} = fun_spawns(C, 1),
  out(fun_first_us, First),
  {_, Sorted} = fun_spawns(C, 300),
  out(fun_p50_us, lists:nth(150, Sorted)),
  out(fun_p99_us, lists:nth(297, Sorted)),
  halt(0).

out(Key, Value) -> io:format("~s ~.1f~n", [Key, float(Value)]).

echo(X) -> X.

us_since(T0) -> erlang:convert_time_unit(erlang:monotonic_time() - T0, native, microsecond).

%% one call in flight: round-trip of each, p50 and p99 in microseconds
latency(B, N) ->
  Times = [begin T0 = erlang:monotonic_time(), _ = erpc:call(B, ?MODULE, echo, [?ARGS]), us_since(T0) end
           || _ <- lists:seq(1, N)],
  Sorted = lists:sort(Times),
  {lists:nth(N div 2, Sorted), lists:nth(trunc(N * 0.99), Sorted)}.

%% K callers, each with one call in flight, until N calls are done: calls per second
in_flight(B, K, N) ->
  Me = self(),
  T0 = erlang:monotonic_time(),
  [spawn_link(fun() -> [erpc:call(B, ?MODULE, echo, [?ARGS]) || _ <- lists:seq(1, N div K)], Me ! done end)
   || _ <- lists:seq(1, K)],
  [receive done -> ok end || _ <- lists:seq(1, K)],
  (N div K) * K / (us_since(T0) / 1.0e6).

%% a process spawned on B prints N lines; its group leader (inherited from the spawning process) counts them on A
output(B, N) ->
  Me = self(),
  Leader = spawn(fun() -> io_counter(Me, N, 0) end),
  T0 = erlang:monotonic_time(),
  spawn(fun() -> group_leader(Leader, self()), spawn(B, ?MODULE, print_lines, [N]) end),
  receive printed -> N / (us_since(T0) / 1.0e6) end.

%% the tutorial's Node.spawn(node, fn -> IO.puts :erlang.node end): a fun spawned on C prints node()
%% through its group leader on A; microseconds until the line is on A, each, and sorted
fun_spawns(C, N) ->
  Me = self(),
  Leader = spawn(fun() -> io_forwarder(Me) end),
  Times = [begin
             T0 = erlang:monotonic_time(),
             spawn(fun() -> group_leader(Leader, self()), spawn(C, fun() -> io:format("~s~n", [node()]) end) end),
             receive line -> us_since(T0) end
           end || _ <- lists:seq(1, N)],
  {Times, lists:sort(Times)}.

io_forwarder(Report) ->
  receive
    {io_request, From, ReplyAs, _Request} ->
      From ! {io_reply, ReplyAs, ok},
      Report ! line,
      io_forwarder(Report)
  end.

print_lines(N) -> [io:put_chars([integer_to_binary(I), $\n]) || I <- lists:seq(1, N)], ok.

io_counter(Report, N, N) -> Report ! printed;
io_counter(Report, N, I) ->
  receive
    {io_request, From, ReplyAs, _Request} ->
      From ! {io_reply, ReplyAs, ok},
      io_counter(Report, N, I + 1)
  end.
