using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using MetaOpt.Bench.Functions;
using MetaOpt.Bench.Samplers;
using MetaOpt.Studies;

namespace MetaOpt.Bench.Gp;

/// <summary>
/// The <c>ask-cost</c> verb: a sampler's time per <c>Ask</c> (with the trial's suggestions) after n trials of
/// history, the GP's unless <c>--sampler</c> names another. The history is n random trials; the sampler then asks
/// <c>--asks</c> times in a row, each trial told before the next, so the timings include the periodic full
/// hyperparameter refits as they occur in a real study. With <c>--warm-start N</c> the study is warm-started from an earlier study of N random trials on the related task
/// (<see cref="TransferTasks.Related"/>), so the timings include the earlier study's GP and the ranking weights.
/// </summary>
/// <remarks>
/// Wall-clock time depends on what else the machine runs; the process's CPU time per ask is reported beside it, which
/// on a shared machine is the closer estimate of the wall-clock time on a quiet one (the GP's work is single-threaded).
/// </remarks>
internal static class AskCostCommand
{
    public static Command Create()
    {
        var functions = new Option<string>("--functions") { Description = "Comma-separated function names", DefaultValueFactory = _ => "ackley5,mixed" };
        var histories = new Option<string>("--history") { Description = "Comma-separated history sizes", DefaultValueFactory = _ => "50,200,500" };
        var asks = new Option<int>("--asks") { Description = "Timed asks per history size", DefaultValueFactory = _ => 20 };
        var warmStart = new Option<int>("--warm-start") { Description = "Trials of an earlier related study to warm-start from (0: cold)", DefaultValueFactory = _ => 0 };
        var sampler = new Option<string>("--sampler") { Description = $"The sampler timed: {string.Join(", ", SamplerRegistry.Names.Names)}", DefaultValueFactory = _ => "gp" };
        var command = new Command("ask-cost", "A sampler's time per Ask (the GP's by default) after 50, 200 and 500 trials of history") { functions, histories, asks, warmStart, sampler };
        command.SetAction(result => Run(
            result.GetValue(functions)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(BenchmarkFunctions.Get).ToList(),
            result.GetValue(histories)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(h => int.Parse(h, CultureInfo.InvariantCulture)).ToList(),
            result.GetValue(asks),
            result.GetValue(warmStart),
            SamplerRegistry.Names.NameOf(SamplerRegistry.Names.Parse(result.GetValue(sampler)!))));
        return command;
    }

    private static int Run(IReadOnlyList<BenchmarkFunction> functions, IReadOnlyList<int> histories, int asks, int warmStart, string sampler)
    {
        if (asks < 1 || histories.Any(h => h < 1) || warmStart is < 0 or 1)
            throw new ArgumentException($"--asks and every --history size must be at least 1, and --warm-start 0 or at least 2, got {asks}, {string.Join(",", histories)} and {warmStart}.");
        Measure(functions[0], 30, 3, warmStart, sampler); // JIT warm-up, not reported
        Console.WriteLine($"{"function",-12} {"history",8} {"median ms",10} {"p90 ms",10} {"max ms",10} {"median cpu ms",14}");
        foreach (var function in functions)
        {
            foreach (var history in histories)
            {
                var (wall, cpu) = Measure(function, history, asks, warmStart, sampler);
                var times = wall.Order().ToArray();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{function.Name,-12} {history,8} {SamplerTable.Median(times),10:F1} {times[(int)Math.Ceiling(0.9 * times.Length) - 1],10:F1} {times[^1],10:F1} {SamplerTable.Median(cpu),14:F1}"));
            }
        }
        return 0;
    }

    private static (double[] Wall, double[] Cpu) Measure(BenchmarkFunction function, int history, int asks, int warmStart, string sampler)
    {
        var storage = new InMemoryStorage();
        var name = $"{function.Name}-{history}";
        Fill(storage, name, function, history);
        WarmStart? earlier = null;
        if (warmStart > 0)
        {
            Fill(storage, name + "-earlier", TransferTasks.Related(function), warmStart);
            earlier = WarmStart.From(name + "-earlier");
        }
        var study = Study.Load(name, new StudyOptions { Storage = storage, Sampler = SamplerRegistry.Create(sampler, 1, function.Space), WarmStartFrom = earlier });
        var wall = new double[asks];
        var cpu = new double[asks];
        var stopwatch = new Stopwatch();
        var process = Process.GetCurrentProcess();
        for (var i = 0; i < asks; i++)
        {
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            stopwatch.Restart();
            var trial = study.Ask();
            var values = trial.SuggestAll(function.Space);
            stopwatch.Stop();
            process.Refresh();
            wall[i] = stopwatch.Elapsed.TotalMilliseconds;
            cpu[i] = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds;
            study.Tell(trial, function.Evaluate(values));
        }
        return (wall, cpu);
    }

    /// <summary>A study of <paramref name="trials"/> random trials on <paramref name="function"/>.</summary>
    private static void Fill(IStorage storage, string name, BenchmarkFunction function, int trials) =>
        Study.Create(name, new StudyOptions { Storage = storage, Sampler = new RandomSampler(trials) })
            .Optimize(t => function.Evaluate(t.SuggestAll(function.Space)), trials: trials);
}
