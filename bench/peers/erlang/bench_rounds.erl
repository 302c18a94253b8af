%% What the Erlang peers of bench/run share: their latency rounds, taken in step with the Java side's, and
%% the median of five rounds' figures.
%% A round runs when the Java side writes a line ("round") to the script's stdin, just before a round of
%% its own, so that the two sides' rounds alternate and each pair of rounds finds the machine as loaded as
%% the other does (a block of five rounds on one side, minutes before the other's, may not). Run on its own
%% (stdin at its end), a script's rounds run one after the other.
-module(bench_rounds).
-export([paced/3, median/1]).

%% N rounds of Round(I) -> {P50, P99}, each run when asked; prints each, returns them in order
paced(Name, N, Round) -> [paced_round(Name, I, Round) || I <- lists:seq(1, N)].

paced_round(Name, I, Round) ->
  io:format("paced: ready for ~s round ~w~n", [Name, I]),
  _ = io:get_line(""),
  {P50, P99} = Round(I),
  io:format("paced: round ~w of ~s: p50 ~w us, p99 ~w us~n", [I, Name, round(P50), round(P99)]),
  {P50, P99}.

median(Values) -> lists:nth(length(Values) div 2 + 1, lists:sort(Values)).
