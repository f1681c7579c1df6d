using System.CommandLine;
using System.Globalization;
using MetaOpt.Bench.Gp;
using MetaOpt.Bench.Samplers;
using MetaOpt.Studies;
using MetaOpt.Studies.Recommender;

namespace MetaOpt.Bench.Recsys;

/// <summary>
/// The <c>transfer-recsys</c> verb: the GP warm start on the real workload. An earlier study tunes the recommender
/// study at a lower budget (<c>--source-epochs</c>, the multi-fidelity kind of related task); then, per seed, the
/// same study at its full epochs runs cold and warm-started from it, both with the GP sampler and the launcher's
/// default median pruner. Reports each arm's median best after k trials and how many trials the warm start needs to
/// reach the cold runs' median best at the end.
/// </summary>
/// <remarks>
/// Best values count complete trials only: a pruned trial's last value is from fewer epochs than the objective.
/// </remarks>
internal static class RecsysTransferCommand
{
    public static Command Create()
    {
        var studyName = new Option<string>("--study") { Description = "Recommender study definition", DefaultValueFactory = _ => "synthetic-cold-start" };
        var data = new Option<string?>("--data") { Description = "MovieLens directory, for the movielens-* studies" };
        var seeds = new Option<int>("--seeds") { Description = "Seeds 1..n per arm", DefaultValueFactory = _ => 5 };
        var trials = new Option<int>("--trials") { Description = "Trials per run of the new study", DefaultValueFactory = _ => 20 };
        var sourceTrials = new Option<int>("--source-trials") { Description = "Trials of the earlier study", DefaultValueFactory = _ => 30 };
        var sourceEpochs = new Option<int>("--source-epochs") { Description = "Epochs per trial of the earlier study", DefaultValueFactory = _ => 3 };
        var command = new Command("transfer-recsys", "GP warm start on the recommender: cold against warm-started from a lower-budget study")
        {
            studyName, data, seeds, trials, sourceTrials, sourceEpochs,
        };
        command.SetAction(result => Run(
            result.GetValue(studyName)!, result.GetValue(data), result.GetValue(seeds), result.GetValue(trials),
            result.GetValue(sourceTrials), result.GetValue(sourceEpochs)));
        return command;
    }

    private static int Run(string studyName, string? data, int seeds, int trials, int sourceTrials, int sourceEpochs)
    {
        var definition = StudyCatalog.Find(studyName) ?? RecommenderCatalog.Find(studyName)
            ?? throw new ArgumentException($"--study: no study '{studyName}'; the studies are {string.Join(", ", StudyCatalog.All.Concat(RecommenderCatalog.All).Select(d => d.Name))}.");
        if (definition.Direction != Direction.Minimize)
            throw new ArgumentException($"--study: '{studyName}' maximises its objective; transfer-recsys compares minimised ones (the recommender's validation MAE).");
        if (seeds < 1 || trials < 1 || sourceTrials < 2 || sourceEpochs < 1)
            throw new ArgumentException(
                $"--seeds, --trials and --source-epochs must be at least 1 and --source-trials at least 2, got {seeds}, {trials}, {sourceEpochs} and {sourceTrials}.");

        using var storage = new InMemoryStorage();
        var source = RunStudy(storage, definition, "earlier", data, seed: 100, sourceTrials, sourceEpochs, warmStart: null);
        Console.WriteLine($"earlier study: {sourceTrials} trials of {sourceEpochs} epochs, best {Best(source)[^1]:F4}");
        var cold = new List<double[]>();
        var warm = new List<double[]>();
        for (var seed = 1; seed <= seeds; seed++)
        {
            cold.Add(Best(RunStudy(storage, definition, $"cold-{seed}", data, seed, trials, definition.Epochs, warmStart: null)));
            warm.Add(Best(RunStudy(storage, definition, $"warm-{seed}", data, seed, trials, definition.Epochs, WarmStart.From("earlier"))));
        }

        WriteArms("", trials, cold, warm);
        return 0;
    }

    /// <summary>
    /// Each arm's median best after the checkpoints, then the trials each warm run needs to reach the cold runs'
    /// median best at the end; every line starts with <paramref name="prefix"/>.
    /// </summary>
    internal static void WriteArms(string prefix, int trials, List<double[]> cold, List<double[]> warm)
    {
        Console.WriteLine($"{prefix}{"median best after",-20}" + string.Concat(Checkpoints(trials).Select(k => $"{k,10}")));
        foreach (var (arm, curves) in new[] { ("cold", cold), ("warm", warm) })
            Console.WriteLine($"{prefix}{arm,-20}" + string.Concat(Checkpoints(trials).Select(k =>
                string.Create(CultureInfo.InvariantCulture, $"{SamplerTable.Median([.. curves.Select(c => c[k - 1])]),10:F4}"))));
        var bar = SamplerTable.Median([.. cold.Select(c => c[^1])]);
        var reached = warm.Select(c => FixedTargets.Runtime(c, bar) ?? trials + 1).ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{prefix}warm trials to reach the cold median best after {trials} ({bar:F4}): {string.Join(" ", reached)} (median {SamplerTable.Median([.. reached.Select(r => (double)r)])}; {trials + 1} = not reached)"));
    }

    internal static Study RunStudy(
        IStorage storage, IStudyDefinition definition, string name, string? data, int seed, int trials, int epochs, WarmStart? warmStart,
        string? subset = null)
    {
        var pipeline = StudyPipeline.Prepare(definition, new StudyRunContext
        {
            DataDirectory = data,
            DataSubset = subset,
            Seed = seed,
            Epochs = epochs,
            Threads = Environment.ProcessorCount,
        });
        var study = Study.Create(name, new StudyOptions
        {
            Storage = storage,
            Seed = seed,
            Sampler = SamplerRegistry.Create(SamplerKind.Gp, seed),
            // The launcher's default for the recommender studies.
            Pruner = PrunerRegistry.Create(PrunerKind.Median, epochs),
            WarmStartFrom = warmStart,
        });
        pipeline.Run(study, new StudyPipelineRun { Trials = trials });
        return study;
    }

    /// <summary>Lowest complete value after each trial, in trial order (infinity before the first complete one).</summary>
    internal static double[] Best(Study study)
    {
        var best = double.PositiveInfinity;
        return study.Trials.OrderBy(t => t.Number)
            .Select(t => best = t.State == TrialState.Complete ? Math.Min(best, t.Value!.Value) : best)
            .ToArray();
    }

    internal static IEnumerable<int> Checkpoints(int trials) =>
        new[] { 1, 3, 5, 10, 15, 20, 30, 50 }.Where(k => k < trials).Append(trials);
}
