using System.CommandLine;
using System.Globalization;
using MetaOpt.Recommender;
using MetaOpt.Studies;
using MetaOpt.Studies.Recommender;

namespace MetaOpt.Bench.Recsys;

/// <summary>
/// The <c>transfer-datasets</c> verb (issue #22, section 2): warm start across datasets of the real workload. Two
/// families of related datasets: four generated cold-start datasets that differ the way real ones do (users, items,
/// ratings per user, latent factors, noise), and, given <c>--data</c> (MovieLens 100K or 1M), four subsets of it by
/// user attribute or time (<see cref="DatasetSubset"/>) trained by the main job, <c>movielens-maml</c>. For each
/// target dataset, one earlier study on each other dataset of its family, then per seed a cold study and one with
/// <c>--warm-start auto</c> (meta-feature choice, the zero-shot portfolio first, then RGPE), both GP with the median
/// pruner. Reports the median best validation MAE after 1, 5, 10 and 20 trials and the trials the warm study needs
/// to reach the cold runs' median best at the end.
/// </summary>
internal static class DatasetTransferCommand
{
    /// <summary>The generated datasets: the reference one and three that differ in size, sparsity, latent factors and noise.</summary>
    private static readonly (string Name, SyntheticColdStartOptions Options)[] Generated =
    [
        ("reference", SyntheticColdStartStudy.DataOptions),
        ("larger-sparser", new() { Users = 700, Items = 500, MinRatingsPerUser = 20, MaxRatingsPerUser = 32, LatentDim = 6, NoiseStd = 0.35, Seed = 11 }),
        ("smaller-denser", new() { Users = 300, Items = 150, MinRatingsPerUser = 40, MaxRatingsPerUser = 60, LatentDim = 3, NoiseStd = 0.25, Seed = 12 }),
        ("noisier", new() { Users = 450, Items = 300, MinRatingsPerUser = 28, MaxRatingsPerUser = 42, LatentDim = 4, NoiseStd = 0.6, PersonalBiasStd = 1.0, Seed = 13 }),
    ];

    /// <summary>The MovieLens subsets: two age groups (ML-100K: 234 users under 25, 399 of 35 and over) and the two
    /// halves of the time span (all users, each with the ratings of one half).</summary>
    private static readonly (string Name, string Subset)[] MovieLensSubsets =
    [
        ("ml-young", "age:<25"),
        ("ml-older", "age:>=35"),
        ("ml-early", "time:<0.5"),
        ("ml-late", "time:>=0.5"),
    ];

    /// <summary>One dataset of the pool: the study that trains on it, with the data folder and subset it reads.</summary>
    private sealed record TransferDataset(string Name, string Family, IStudyDefinition Definition, string? Data, string? Subset);

    public static Command Create()
    {
        var targets = new Option<string>("--targets") { Description = "Comma-separated target datasets (reference, larger-sparser, smaller-denser, noisier; with --data also ml-young, ml-older, ml-early, ml-late)", DefaultValueFactory = _ => "reference" };
        var data = new Option<string?>("--data") { Description = "MovieLens 100K or 1M directory, for the ml-* datasets (subsets of it)" };
        var seeds = new Option<int>("--seeds") { Description = "Seeds 1..n per arm", DefaultValueFactory = _ => 5 };
        var trials = new Option<int>("--trials") { Description = "Trials per run of the new study", DefaultValueFactory = _ => 20 };
        var sourceTrials = new Option<int>("--source-trials") { Description = "Trials of each earlier study", DefaultValueFactory = _ => 30 };
        var epochs = new Option<int>("--epochs") { Description = "Epochs per trial, earlier studies included", DefaultValueFactory = _ => 6 };
        var command = new Command("transfer-datasets", "Warm start across recommender datasets (generated, or subsets of MovieLens): cold against --warm-start auto")
        {
            targets, data, seeds, trials, sourceTrials, epochs,
        };
        command.SetAction(result =>
        {
            var problem = Problem(result.GetValue(targets)!, result.GetValue(data), result.GetValue(seeds), result.GetValue(trials), result.GetValue(sourceTrials), result.GetValue(epochs), out var pool, out var names);
            if (problem is not null)
            {
                result.InvocationConfiguration.Error.WriteLine($"transfer-datasets: {problem}");
                return 2;
            }
            return Run(pool, names, result.GetValue(seeds), result.GetValue(trials), result.GetValue(sourceTrials), result.GetValue(epochs));
        });
        return command;
    }

    /// <summary>What is wrong with the options, in one line, or null with the dataset pool and the targets.</summary>
    private static string? Problem(
        string targetList, string? data, int seeds, int trials, int sourceTrials, int epochs, out List<TransferDataset> pool, out string[] names)
    {
        pool = [.. Generated.Select(g => new TransferDataset(g.Name, "generated", new GeneratedStudy(g.Name, g.Options), null, null))];
        names = targetList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (seeds < 1 || trials < 1 || sourceTrials < 3 || epochs < 1)
            return $"--seeds, --trials and --epochs must be at least 1 and --source-trials at least 3, got {seeds}, {trials}, {epochs} and {sourceTrials}.";
        if (data is not null)
        {
            // Each subset is cut once here, so data that lacks demographics or leaves a subset too few users for the
            // cold-start split is refused before any training.
            RatingDataset whole;
            try
            {
                whole = MovieLensLoader.Load(data);
                foreach (var (_, subset) in MovieLensSubsets)
                    ColdStartTasks.Build(DatasetSubset.Parse(subset).Apply(whole));
            }
            catch (Exception e) when (e is IOException or ArgumentException or FormatException)
            {
                return $"--data '{data}': {e.Message.Split('\n')[0]}";
            }
            var path = Path.GetFullPath(data);
            pool.AddRange(MovieLensSubsets.Select(m => new TransferDataset(m.Name, "movielens", new MovieLensMamlStudy(), path, m.Subset)));
        }
        if (names.Length == 0)
            return "--targets is empty; name one or more of the datasets.";
        var known = pool.Select(d => d.Name).ToList();
        foreach (var name in names.Where(n => !known.Contains(n)))
            return MovieLensSubsets.Any(m => m.Name == name) && data is null
                ? $"--targets: '{name}' is a subset of MovieLens: pass --data DIR (MovieLens 100K or 1M)."
                : $"--targets: no dataset '{name}'; the datasets are {string.Join(", ", known)}{(data is null ? " (and with --data, " + string.Join(", ", MovieLensSubsets.Select(m => m.Name)) + ")" : "")}.";
        return null;
    }

    private static int Run(List<TransferDataset> pool, string[] names, int seeds, int trials, int sourceTrials, int epochs)
    {
        foreach (var target in pool.Where(d => names.Contains(d.Name)))
        {
            using var storage = new InMemoryStorage();
            // The earlier studies: the other datasets of the target's family, one study each.
            foreach (var source in pool.Where(d => d.Family == target.Family && d != target))
            {
                var study = RecsysTransferCommand.RunStudy(storage, source.Definition, $"earlier-{source.Name}", source.Data, seed: 100, sourceTrials, epochs, warmStart: null, source.Subset);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"earlier study on {source.Name}: {sourceTrials} trials, best {RecsysTransferCommand.Best(study)[^1]:F4}"));
            }
            var cold = new List<double[]>();
            var warm = new List<double[]>();
            for (var seed = 1; seed <= seeds; seed++)
            {
                using (var alone = new InMemoryStorage())
                    cold.Add(RecsysTransferCommand.Best(RecsysTransferCommand.RunStudy(alone, target.Definition, $"cold-{seed}", target.Data, seed, trials, epochs, warmStart: null, target.Subset)));
                // Each warm study learns from the earlier studies on other data only: it leaves the storage once measured.
                var warmStudy = RecsysTransferCommand.RunStudy(storage, target.Definition, $"warm-{seed}", target.Data, seed, trials, epochs, WarmStart.Auto, target.Subset);
                warm.Add(RecsysTransferCommand.Best(warmStudy));
                foreach (var trial in warmStudy.Trials.Where(t => t.UserAttrs.ContainsKey(StudyPipeline.PortfolioAttr)))
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  warm-{seed} trial {trial.Number}: {trial.UserAttrs[StudyPipeline.PortfolioAttr]} -> {trial.Value:F4}"));
                storage.DeleteStudy(warmStudy.Name);
            }

            RecsysTransferCommand.WriteArms($"target {target.Name}: ", trials, cold, warm);
        }
        return 0;
    }

    /// <summary>The reference search space and network on one generated dataset.</summary>
    private sealed class GeneratedStudy(string dataset, SyntheticColdStartOptions options) : RecommenderStudy
    {
        public override string Name => "generated-" + dataset;

        public override string Description => $"The reference space on the generated dataset '{dataset}'.";

        public override DataRequirement Data => DataRequirement.None;

        public override IReadOnlyDictionary<string, Distribution> SearchSpace { get; } = ReferenceSearchSpace.Create(ReferenceSearchSpace.Algorithms);

        protected override TrainingConfig Defaults => new() { EmbeddingDim = 16, Hidden = 32 };

        protected override ColdStartTasks LoadTasks(StudyRunContext context, TrainingConfig defaults) =>
            ColdStartTasks.Build(SyntheticColdStartGenerator.Generate(options), defaults.SupportSize, defaults.QuerySize);
    }
}
