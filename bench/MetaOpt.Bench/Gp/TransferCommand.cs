using System.CommandLine;
using System.Globalization;
using MetaOpt.Bench.Functions;
using MetaOpt.Bench.Samplers;

namespace MetaOpt.Bench.Gp;

/// <summary>
/// The <c>transfer</c> verb: does a GP warm start pay off? Per function, an earlier study (GP, <c>--source-trials</c>)
/// runs on the related task (<see cref="TransferTasks.Related"/>) and one on the unrelated task
/// (<see cref="TransferTasks.Unrelated"/>); then for every seed the function itself is optimised cold, warm-started
/// from the related study, and warm-started from the unrelated one.
/// </summary>
/// <remarks>
/// Reported per function: the cold runs' median best after all trials (the bar), the median number of trials the
/// related warm start needs to reach that bar and the cold runs' median best after a quarter and half of the trials,
/// and the median regrets after all trials of the three arms, with the unrelated/cold ratio; then each arm's median
/// regret after a few trial counts.
/// </remarks>
internal static class TransferCommand
{
    private const string Sampler = "gp";

    public static Command Create()
    {
        var functions = new Option<string>("--functions") { Description = "Comma-separated function names", DefaultValueFactory = _ => string.Join(",", BenchmarkFunctions.All.Select(f => f.Name)) };
        var seeds = new Option<int>("--seeds") { Description = "Seeds 0..n-1 per function and arm", DefaultValueFactory = _ => 10 };
        var trials = new Option<int>("--trials") { Description = "Trials per run of the new study", DefaultValueFactory = _ => 100 };
        var sourceTrials = new Option<int>("--source-trials") { Description = "Trials of each earlier study", DefaultValueFactory = _ => 50 };
        var command = new Command("transfer", "GP warm start from a related and an unrelated earlier study, against a cold start")
        {
            functions, seeds, trials, sourceTrials,
        };
        command.SetAction(result => Run(
            result.GetValue(functions)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(BenchmarkFunctions.Get).ToList(),
            result.GetValue(seeds), result.GetValue(trials), result.GetValue(sourceTrials)));
        return command;
    }

    private static int Run(IReadOnlyList<BenchmarkFunction> functions, int seeds, int trials, int sourceTrials)
    {
        if (seeds < 1 || trials < 1 || sourceTrials < 2)
            throw new ArgumentException($"--seeds and --trials must be at least 1 and --source-trials at least 2, got {seeds}, {trials} and {sourceTrials}.");
        var bars = new[] { trials / 4, trials / 2, trials }.Where(k => k >= 1).Distinct().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{"function",-12} {"cold best",11} {string.Concat(bars.Select(k => $"{"to cold@" + k,11}"))} {"cold regret",12} {"related",11} {"unrelated",11} {"unrel/cold",10}"));
        var traces = new List<(BenchmarkFunction, (string, List<SamplerRun>)[])>();
        foreach (var function in functions)
        {
            var related = EarlierStudy(TransferTasks.Related(function), sourceTrials);
            var unrelated = EarlierStudy(TransferTasks.Unrelated(function), sourceTrials);
            var cold = new List<SamplerRun>();
            var warmRelated = new List<SamplerRun>();
            var warmUnrelated = new List<SamplerRun>();
            for (var seed = 0; seed < seeds; seed++)
            {
                cold.Add(SamplerRun.Execute(function, Sampler, seed, trials));
                warmRelated.Add(SamplerRun.Execute(function, Sampler, seed, trials, related.Storage, WarmStart.From(related.Name)));
                warmUnrelated.Add(SamplerRun.Execute(function, Sampler, seed, trials, unrelated.Storage, WarmStart.From(unrelated.Name)));
            }
            // Trials the related warm start needs to reach the cold runs' median best after k trials (runs that never
            // reach it count as trials + 1); the target is about k = trials, the shorter bars show the speed-up where
            // the cold runs are still far from the optimum's numerical floor.
            double TrialsToColdAt(int k)
            {
                var bar = SamplerTable.Median(cold.Select(r => r.Best[k - 1]));
                return SamplerTable.Median(warmRelated.Select(r => (double)BestCurve.TrialsToReach(r.Best, bar)));
            }
            double Regret(List<SamplerRun> runs) => SamplerTable.Median(runs.Select(r => r.Best[^1] - function.Optimum));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{function.Name,-12} {SamplerTable.Median(cold.Select(r => r.Best[^1])),11:G5} {string.Concat(bars.Select(k => $"{TrialsToColdAt(k),11:F1}"))} {Regret(cold),12:G4} {Regret(warmRelated),11:G4} {Regret(warmUnrelated),11:G4} {Regret(warmUnrelated) / Regret(cold),10:F2}"));
            traces.Add((function, [("cold", cold), ("related", warmRelated), ("unrelated", warmUnrelated)]));
        }
        PrintTraces(traces, trials);
        return 0;
    }

    /// <summary>Median regret of each arm after a few trial counts: how fast each arm gets where, not only where it ends.</summary>
    private static void PrintTraces(List<(BenchmarkFunction Function, (string Arm, List<SamplerRun> Runs)[] Arms)> traces, int trials)
    {
        var checkpoints = new[] { 1, 5, 10, 20, 33, 50, 75, 100 }.Where(k => k <= trials).Append(trials).Distinct().ToArray();
        Console.WriteLine();
        Console.WriteLine($"{"median regret after",-24}" + string.Concat(checkpoints.Select(k => $"{k,11}")));
        foreach (var (function, arms) in traces)
            foreach (var (arm, runs) in arms)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{function.Name + " " + arm,-24}")
                    + string.Concat(checkpoints.Select(k => string.Create(CultureInfo.InvariantCulture,
                        $"{SamplerTable.Median(runs.Select(r => r.Best[k - 1] - function.Optimum)),11:G3}"))));
    }

    /// <summary>An earlier study on <paramref name="task"/>, tuned by the GP, in a storage of its own.</summary>
    private static (IStorage Storage, string Name) EarlierStudy(BenchmarkFunction task, int trials)
    {
        var storage = new InMemoryStorage();
        var run = SamplerRun.Execute(task, Sampler, seed: 1000, trials, storage);
        return (storage, $"{run.Function}-{Sampler}-1000");
    }
}
