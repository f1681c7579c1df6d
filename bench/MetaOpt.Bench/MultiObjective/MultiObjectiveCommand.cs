using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using MetaOpt.Bench.Samplers;
using MetaOpt.Studies;

namespace MetaOpt.Bench.MultiObjective;

/// <summary>
/// The <c>multi-objective</c> verb: samplers on ZDT1-3 and DTLZ2, seeds 0..n-1, the hypervolume gap to the true front
/// (1 - HV/HV*) after 100 and 300 trials, printed as bench/peers/optuna_mo_peer.py prints Optuna's.
/// </summary>
internal static class MultiObjectiveCommand
{
    public static Command Create()
    {
        var samplers = new Option<string>("--samplers") { Description = "Comma-separated samplers that serve several objectives", DefaultValueFactory = _ => "nsga2,random" };
        var problems = new Option<string>("--problems") { Description = "Comma-separated: zdt1, zdt2, zdt3, dtlz2", DefaultValueFactory = _ => "zdt1,zdt2,zdt3,dtlz2" };
        var seeds = new Option<int>("--seeds") { Description = "Seeds 0..n-1 per problem and sampler", DefaultValueFactory = _ => 10 };
        var trials = new Option<int>("--trials") { Description = "Trials per run", DefaultValueFactory = _ => 300 };
        var command = new Command("multi-objective", "Multi-objective samplers on ZDT1-3 and DTLZ2: hypervolume gap to the true front")
        {
            samplers, problems, seeds, trials,
        };
        command.SetAction(result => Run(
            Split(result.GetValue(samplers)!), Split(result.GetValue(problems)!).Select(MultiObjectiveProblems.Get).ToList(),
            result.GetValue(seeds), result.GetValue(trials)));
        return command;
    }

    private static int Run(IReadOnlyList<string> samplers, IReadOnlyList<MultiObjectiveProblem> problems, int seeds, int trials)
    {
        if (seeds < 1 || trials < 1)
            throw new ArgumentException($"--seeds and --trials must be at least 1, got {seeds} and {trials}.");
        int[] checkpoints = [.. new[] { 100, 300, trials }.Where(c => c <= trials).Distinct().Order()];
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine($"{"problem",-8} {"sampler",-8} " + string.Join(" ", checkpoints.Select(c => $"{"gap@" + c,9}")) + $" {"ms/ask",8}");
        foreach (var problem in problems)
        {
            foreach (var sampler in samplers)
            {
                var runs = Enumerable.Range(0, seeds).Select(seed => Execute(problem, sampler, seed, trials, checkpoints)).ToList();
                var gaps = checkpoints.Select((_, i) => SamplerTable.Median(runs.Select(r => r.Gaps[i])));
                Console.WriteLine($"{problem.Name,-8} {sampler,-8} " + string.Join(" ", gaps.Select(g => g.ToString("0.000", inv).PadLeft(9)))
                    + SamplerTable.Median(runs.Select(r => r.MsPerAsk)).ToString("0.00", inv).PadLeft(9));
                foreach (var run in runs)
                    Console.Error.WriteLine($"{problem.Name} {sampler} seed {run.Seed}: " + string.Join(" ", run.Gaps.Select(g => g.ToString("0.0000", inv))));
            }
        }
        return 0;
    }

    private static (int Seed, double[] Gaps, double MsPerAsk) Execute(MultiObjectiveProblem problem, string sampler, int seed, int trials, int[] checkpoints)
    {
        var directions = problem.Study.Directions;
        var study = Study.Create($"{problem.Name}-{sampler}-{seed}", new StudyOptions
        {
            Directions = directions,
            Sampler = SamplerRegistry.Create(sampler, seed, problem.Study.SearchSpace),
            Storage = new InMemoryStorage(),
        });
        var values = new List<IReadOnlyList<double>>();
        var gaps = new List<double>();
        var stopwatch = new Stopwatch();
        for (var t = 1; t <= trials; t++)
        {
            stopwatch.Start();
            var trial = study.Ask();
            var parameters = trial.SuggestAll(problem.Study.SearchSpace);
            stopwatch.Stop();
            var value = problem.Study.Evaluate(parameters);
            study.Tell(trial, value);
            values.Add(value);
            if (checkpoints.Contains(t))
                gaps.Add(1 - Pareto.Hypervolume(values, problem.Reference, directions) / problem.TrueHypervolume);
        }
        return (seed, [.. gaps], stopwatch.Elapsed.TotalMilliseconds / trials);
    }

    private static string[] Split(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
