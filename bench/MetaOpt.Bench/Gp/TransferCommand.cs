using System.CommandLine;
using System.Globalization;
using MetaOpt.Bench.Functions;
using MetaOpt.Bench.Samplers;
using MetaOpt.Studies;

namespace MetaOpt.Bench.Gp;

/// <summary>
/// The <c>transfer</c> verb: does a warm start pay off, measured as COCO measures optimisers? Per function, an earlier
/// study (<c>--sampler</c>, <c>--source-trials</c>) runs on the related task (<see cref="TransferTasks.Related"/>) and
/// one on the unrelated task (<see cref="TransferTasks.Unrelated"/>); then for every seed the function itself is
/// optimised by the same sampler cold, warm-started from the related study, and warm-started from the unrelated one.
/// </summary>
/// <remarks>
/// Targets per function are the cold runs' median best after each of <c>--budgets</c> trials, clipped at
/// <see cref="FixedTargets.FloorFraction"/> of the function's range (<see cref="FixedTargets"/>). Reported: per target
/// and arm the runs that reached it and the expected running time (ERT); per warm arm the geometric mean over
/// functions and targets of ERT(cold) / ERT(arm) with a paired bootstrap 90% interval over seeds; each arm's median
/// normalised regret (regret / range) after a few trial counts. With <c>--plots</c>, each arm's runtime ECDF and each
/// function's normalised regret curves as PNG files.
/// </remarks>
internal static class TransferCommand
{
    private const string Cold = "cold";
    private const int Resamples = 2000;
    private const double Level = 0.9;

    /// <summary>The samplers that learn from a warm start: the GP (by <c>--transfer</c>) and CMA-ES (WS-CMA-ES).</summary>
    private static readonly SamplerKind[] Samplers = [SamplerKind.Gp, SamplerKind.CmaEs];

    public static Command Create()
    {
        var functions = new Option<string>("--functions") { Description = "Comma-separated function names", DefaultValueFactory = _ => string.Join(",", BenchmarkFunctions.All.Select(f => f.Name)) };
        var sampler = new Option<string>("--sampler") { Description = "The sampler of the earlier studies and of every arm: gp or cmaes", DefaultValueFactory = _ => "gp" };
        var seeds = new Option<int>("--seeds") { Description = "Seeds 0..n-1 per function and arm", DefaultValueFactory = _ => 20 };
        var trials = new Option<int>("--trials") { Description = "Trials per run of the new study", DefaultValueFactory = _ => 100 };
        var budgets = new Option<string>("--budgets") { Description = "Comma-separated trial counts whose cold median bests are the targets", DefaultValueFactory = _ => "10,25,50,100" };
        var sourceTrials = new Option<int>("--source-trials") { Description = "Trials of each earlier study", DefaultValueFactory = _ => 50 };
        var shift = new Option<double>("--shift") { Description = "Fraction of each range by which the related task's optimum moves (0 to 0.25)", DefaultValueFactory = _ => TransferTasks.Shift };
        var transfer = new Option<string>("--transfer") { Description = "The GP warm arms' transfer method: stacked-rgpe or gaussian-copula", DefaultValueFactory = _ => "stacked-rgpe" };
        var plots = new Option<DirectoryInfo?>("--plots") { Description = "Directory to write the ECDF and regret plots to (PNG); none when left out" };
        var command = new Command("transfer", "Warm start (GP or CMA-ES) from a related and an unrelated earlier study against a cold start: fixed-target runtimes, ERT ratios, ECDFs")
        {
            functions, sampler, seeds, trials, budgets, sourceTrials, shift, transfer, plots,
        };
        command.SetAction(result =>
        {
            var options = new TransferOptions(
                result.GetValue(functions)!, result.GetValue(sampler)!, result.GetValue(seeds), result.GetValue(trials), result.GetValue(budgets)!,
                result.GetValue(sourceTrials), result.GetValue(shift), result.GetValue(transfer)!, result.GetResult(transfer) is { Implicit: false });
            var problem = Problem(options, out var parsed);
            if (problem is not null)
            {
                result.InvocationConfiguration.Error.WriteLine($"transfer: {problem}");
                return 2;
            }
            return Run(result.InvocationConfiguration.Output, parsed.Functions, parsed.Sampler, options.Seeds, options.Trials, parsed.Budgets, options.SourceTrials, options.Shift, parsed.Transfer, result.GetValue(plots));
        });
        return command;
    }

    /// <summary>The options as typed; <paramref name="TransferGiven"/> tells a typed <c>--transfer</c> from its default.</summary>
    private sealed record TransferOptions(
        string Functions, string Sampler, int Seeds, int Trials, string Budgets, int SourceTrials, double Shift, string Transfer, bool TransferGiven);

    /// <summary>What is wrong with the options, in one line, or null with the functions, sampler, budgets and transfer method they name.</summary>
    private static string? Problem(
        TransferOptions options, out (List<BenchmarkFunction> Functions, SamplerKind Sampler, int[] Budgets, TransferMethod Transfer) parsed)
    {
        parsed = ([], SamplerKind.Gp, [], TransferMethod.StackedRgpe);
        var names = options.Functions.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0)
            return "--functions is empty; name one or more of " + string.Join(", ", BenchmarkFunctions.All.Select(f => f.Name)) + ".";
        if (names.FirstOrDefault(n => BenchmarkFunctions.All.All(f => f.Name != n)) is { } unknown)
            return $"--functions: no function '{unknown}'; the functions are {string.Join(", ", BenchmarkFunctions.All.Select(f => f.Name))}.";
        if (!SamplerRegistry.Names.TryParse(options.Sampler, out var sampler) || !Samplers.Contains(sampler))
            return $"--sampler: '{options.Sampler}' is not a sampler this benchmark warm-starts; use {string.Join(" or ", Samplers.Select(SamplerRegistry.Names.NameOf))}.";
        TransferMethod transfer;
        switch (options.Transfer)
        {
            case "stacked-rgpe": transfer = TransferMethod.StackedRgpe; break;
            case "gaussian-copula": transfer = TransferMethod.GaussianCopula; break;
            default: return $"--transfer: '{options.Transfer}' is not a transfer method; use stacked-rgpe or gaussian-copula.";
        }
        if (options.TransferGiven && sampler != SamplerKind.Gp)
            return $"--transfer chooses the GP's transfer method; --sampler {SamplerRegistry.Names.NameOf(sampler)} warm-starts by WS-CMA-ES only, so leave --transfer out.";
        if (options.Shift is < 0 or > 0.25)
            return $"--shift must be between 0 and 0.25, got {options.Shift.ToString(CultureInfo.InvariantCulture)}.";
        if (options.Seeds < 2 || options.Trials < 1 || options.SourceTrials < 2)
            return $"--seeds must be at least 2, --trials at least 1 and --source-trials at least 2, got {options.Seeds}, {options.Trials} and {options.SourceTrials}.";
        var budgets = new List<int>();
        foreach (var text in options.Budgets.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var k) || k < 1)
                return $"--budgets: '{text}' is not a whole number of trials of at least 1.";
            budgets.Add(k);
        }
        if (budgets.Count == 0 || budgets.Max() > options.Trials)
            return $"--budgets must name at least one trial count, each at most --trials ({options.Trials}), got {options.Budgets}.";
        parsed = ([.. names.Distinct().Select(BenchmarkFunctions.Get)], sampler, [.. budgets.Distinct().Order()], transfer);
        return null;
    }

    private static int Run(
        TextWriter output, IReadOnlyList<BenchmarkFunction> functions, SamplerKind samplerKind, int seeds, int trials, int[] budgets, int sourceTrials, double shift, TransferMethod transfer, DirectoryInfo? plots)
    {
        var sampler = SamplerRegistry.Names.NameOf(samplerKind);
        var results = new List<(BenchmarkFunction Function, double Range, Dictionary<string, List<double[]>> Best)>();
        foreach (var function in functions)
        {
            var related = EarlierStudy(TransferTasks.Related(function, shift), sampler, sourceTrials);
            var unrelated = EarlierStudy(TransferTasks.Unrelated(function), sampler, sourceTrials);
            var best = new Dictionary<string, List<double[]>> { [Cold] = [], ["related"] = [], ["unrelated"] = [] };
            for (var seed = 0; seed < seeds; seed++)
            {
                best[Cold].Add(SamplerRun.Execute(function, sampler, seed, trials).Best);
                best["related"].Add(SamplerRun.Execute(function, sampler, seed, trials, related.Storage, WarmStart.From(related.Name), WarmSampler(samplerKind, seed, transfer, function)).Best);
                best["unrelated"].Add(SamplerRun.Execute(function, sampler, seed, trials, unrelated.Storage, WarmStart.From(unrelated.Name), WarmSampler(samplerKind, seed, transfer, function)).Best);
            }
            results.Add((function, FixedTargets.Range(function), best));
        }

        var arms = results[0].Best.Keys.ToList();
        var runtimes = results.Select(r =>
        {
            var targets = FixedTargets.Targets(r.Best[Cold], budgets, r.Function.Optimum, r.Range);
            return new FunctionRuntimes(r.Function.Name, targets, trials, r.Best.ToDictionary(
                arm => arm.Key,
                arm => targets.Select(t => arm.Value.Select(b => FixedTargets.Runtime(b, t.Value)).ToArray()).ToArray()));
        }).ToList();

        PrintTargets(output, results.Select(r => (r.Function, r.Range)).ToList(), runtimes, arms, seeds);
        PrintFigureOfMerit(output, runtimes, arms, seeds);
        PrintRegrets(output, results, arms, trials);
        if (plots is not null)
            WritePlots(output, plots, results, runtimes, arms, trials);
        return 0;
    }

    /// <summary>Per function and target: the target, and per arm the runs that reached it and its ERT.</summary>
    private static void PrintTargets(TextWriter output, List<(BenchmarkFunction Function, double Range)> functions, List<FunctionRuntimes> runtimes, List<string> arms, int seeds)
    {
        output.WriteLine(Invariant($"{"function",-12} {"range",9} {"target",8} {"value",12} {"regret/range",12}") +
            string.Concat(arms.Select(a => Invariant($" {a + " reached",17} {"ERT",7}"))));
        for (var i = 0; i < runtimes.Count; i++)
        {
            var (function, range) = functions[i];
            var f = runtimes[i];
            for (var t = 0; t < f.Targets.Count; t++)
            {
                var target = f.Targets[t];
                output.WriteLine(
                    Invariant($"{function.Name,-12} {range,9:G3} {"@" + target.Budget + (target.Clipped ? "*" : ""),8} {target.Value,12:G6} {(target.Value - function.Optimum) / range,12:G3}") +
                    string.Concat(arms.Select(a => Invariant($" {f.Arms[a][t].Count(r => r is not null) + "/" + seeds,17} {FixedTargets.Ert(f.Arms[a][t], f.Budget),7:F1}"))));
            }
        }
        output.WriteLine("* clipped: the cold median was closer to the optimum than 1e-6 of the range. ERT: trials spent by all runs / runs that reached (∞: none).");
    }

    /// <summary>Per warm arm, the geometric mean of ERT(cold) / ERT(arm) over functions and targets with its bootstrap interval, then per function.</summary>
    private static void PrintFigureOfMerit(TextWriter output, List<FunctionRuntimes> runtimes, List<string> arms, int seeds)
    {
        output.WriteLine();
        foreach (var arm in arms.Where(a => a != Cold))
        {
            var (estimate, low, high) = FixedTargets.Bootstrap(runtimes, Cold, arm, seeds, Resamples, Level, new Random(0));
            output.WriteLine(Invariant($"ERT(cold)/ERT({arm}): geometric mean {estimate:F3}, {Level * 100:0}% bootstrap interval [{low:F3}, {high:F3}] over {seeds} seeds; per function: ") +
                string.Join(", ", runtimes.Select(f => Invariant($"{f.Function} {FixedTargets.FigureOfMerit([f], Cold, arm, [.. Enumerable.Range(0, seeds)]):F2}"))));
        }
    }

    /// <summary>Each arm's median normalised regret (regret / range) after a few trial counts: how fast each arm gets where, not only where it ends.</summary>
    private static void PrintRegrets(TextWriter output, List<(BenchmarkFunction Function, double Range, Dictionary<string, List<double[]>> Best)> results, List<string> arms, int trials)
    {
        var checkpoints = new[] { 1, 5, 10, 25, 33, 50, 75, 100 }.Where(k => k <= trials).Append(trials).Distinct().ToArray();
        output.WriteLine();
        output.WriteLine($"{"median regret/range after",-26}" + string.Concat(checkpoints.Select(k => $"{k,10}")));
        foreach (var (function, range, best) in results)
            foreach (var arm in arms)
                output.WriteLine(Invariant($"{function.Name + " " + arm,-26}") + string.Concat(checkpoints.Select(k =>
                    Invariant($"{MedianNormalisedRegret(best[arm], function, range, k),10:0.0E+0}"))));
    }

    private static void WritePlots(
        TextWriter output, DirectoryInfo directory, List<(BenchmarkFunction Function, double Range, Dictionary<string, List<double[]>> Best)> results,
        List<FunctionRuntimes> runtimes, List<string> arms, int trials)
    {
        directory.Create();
        foreach (var arm in arms)
        {
            var plot = TransferPlots.Ecdf(arm, [.. runtimes.Select(f => (f.Function, (IReadOnlyCollection<int?>)[.. f.Arms[arm].SelectMany(t => t)]))], trials);
            plot.SavePng(Path.Combine(directory.FullName, $"transfer-ecdf-{arm}.png"), 800, 500);
        }
        foreach (var (function, range, best) in results)
        {
            var plot = TransferPlots.Regret(function.Name, [.. arms.Select(arm =>
                (arm, Enumerable.Range(1, trials).Select(k => MedianNormalisedRegret(best[arm], function, range, k)).ToArray()))]);
            plot.SavePng(Path.Combine(directory.FullName, $"transfer-regret-{function.Name}.png"), 800, 500);
        }
        output.WriteLine($"Plots written to {directory.FullName}");
    }

    private static double MedianNormalisedRegret(List<double[]> best, BenchmarkFunction function, double range, int trials) =>
        SamplerTable.Median(best.Select(b => (b[trials - 1] - function.Optimum) / range));

    /// <summary>
    /// A warm arm's sampler: the earlier studies and the cold arm do not depend on the transfer method, only the GP's
    /// warm arms do; CMA-ES is the registry's, which warm-starts from whatever study the new one names.
    /// </summary>
    private static ISampler WarmSampler(SamplerKind sampler, int seed, TransferMethod transfer, BenchmarkFunction function) =>
        sampler == SamplerKind.Gp
            ? new GpSampler(new GpSamplerOptions { Seed = seed, Transfer = transfer })
            : SamplerRegistry.Create(sampler, seed, function.Space);

    /// <summary>An earlier study on <paramref name="task"/>, tuned by <paramref name="sampler"/>, in a storage of its own.</summary>
    private static (IStorage Storage, string Name) EarlierStudy(BenchmarkFunction task, string sampler, int trials)
    {
        var storage = new InMemoryStorage();
        var run = SamplerRun.Execute(task, sampler, seed: 1000, trials, storage);
        return (storage, $"{run.Function}-{sampler}-1000");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
