using System.CommandLine;
using System.Globalization;
using MetaOpt.Recommender;
using MetaOpt.Studies;
using MetaOpt.Studies.Recommender;

namespace MetaOpt.Bench.Recsys;

/// <summary>
/// The <c>transfer-datasets</c> verb (issue #22, section 2): warm start across datasets of the real workload. Four
/// generated cold-start datasets differ the way real ones do (users, items, ratings per user, latent factors, noise);
/// for each target dataset, one earlier study on each of the others, then per seed a cold study and one with
/// <c>--warm-start auto</c> (meta-feature choice, the zero-shot portfolio first, then RGPE), both GP with the median
/// pruner. Reports the median best validation MAE after 1, 5, 10 and 20 trials and the trials the warm study needs
/// to reach the cold runs' median best at the end.
/// </summary>
internal static class DatasetTransferCommand
{
    /// <summary>The generated datasets: the reference one and three that differ in size, sparsity, latent factors and noise.</summary>
    private static readonly (string Name, SyntheticColdStartOptions Options)[] Datasets =
    [
        ("reference", SyntheticColdStartStudy.DataOptions),
        ("larger-sparser", new() { Users = 700, Items = 500, MinRatingsPerUser = 20, MaxRatingsPerUser = 32, LatentDim = 6, NoiseStd = 0.35, Seed = 11 }),
        ("smaller-denser", new() { Users = 300, Items = 150, MinRatingsPerUser = 40, MaxRatingsPerUser = 60, LatentDim = 3, NoiseStd = 0.25, Seed = 12 }),
        ("noisier", new() { Users = 450, Items = 300, MinRatingsPerUser = 28, MaxRatingsPerUser = 42, LatentDim = 4, NoiseStd = 0.6, PersonalBiasStd = 1.0, Seed = 13 }),
    ];

    public static Command Create()
    {
        var targets = new Option<string>("--targets") { Description = "Comma-separated target datasets (reference, larger-sparser, smaller-denser, noisier)", DefaultValueFactory = _ => "reference" };
        var seeds = new Option<int>("--seeds") { Description = "Seeds 1..n per arm", DefaultValueFactory = _ => 5 };
        var trials = new Option<int>("--trials") { Description = "Trials per run of the new study", DefaultValueFactory = _ => 20 };
        var sourceTrials = new Option<int>("--source-trials") { Description = "Trials of each earlier study", DefaultValueFactory = _ => 30 };
        var epochs = new Option<int>("--epochs") { Description = "Epochs per trial, earlier studies included", DefaultValueFactory = _ => 6 };
        var command = new Command("transfer-datasets", "Warm start across generated recommender datasets: cold against --warm-start auto")
        {
            targets, seeds, trials, sourceTrials, epochs,
        };
        command.SetAction(result => Run(
            result.GetValue(targets)!, result.GetValue(seeds), result.GetValue(trials), result.GetValue(sourceTrials), result.GetValue(epochs)));
        return command;
    }

    private static int Run(string targetList, int seeds, int trials, int sourceTrials, int epochs)
    {
        var names = targetList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var name in names.Where(n => Datasets.All(d => d.Name != n)))
            throw new ArgumentException($"--targets: no dataset '{name}'; the datasets are {string.Join(", ", Datasets.Select(d => d.Name))}.");
        if (seeds < 1 || trials < 1 || sourceTrials < 3 || epochs < 1)
            throw new ArgumentException($"--seeds, --trials and --epochs must be at least 1 and --source-trials at least 3, got {seeds}, {trials}, {epochs} and {sourceTrials}.");

        foreach (var target in names)
        {
            using var storage = new InMemoryStorage();
            foreach (var (name, options) in Datasets.Where(d => d.Name != target))
            {
                var source = RecsysTransferCommand.RunStudy(storage, new GeneratedStudy(name, options), $"earlier-{name}", null, seed: 100, sourceTrials, epochs, warmStart: null);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"earlier study on {name}: {sourceTrials} trials, best {RecsysTransferCommand.Best(source)[^1]:F4}"));
            }
            var definition = new GeneratedStudy(target, Datasets.Single(d => d.Name == target).Options);
            var cold = new List<double[]>();
            var warm = new List<double[]>();
            for (var seed = 1; seed <= seeds; seed++)
            {
                using (var alone = new InMemoryStorage())
                    cold.Add(RecsysTransferCommand.Best(RecsysTransferCommand.RunStudy(alone, definition, $"cold-{seed}", null, seed, trials, epochs, warmStart: null)));
                // Each warm study learns from the earlier studies on other data only: it leaves the storage once measured.
                var warmStudy = RecsysTransferCommand.RunStudy(storage, definition, $"warm-{seed}", null, seed, trials, epochs, WarmStart.Auto);
                warm.Add(RecsysTransferCommand.Best(warmStudy));
                foreach (var trial in warmStudy.Trials.Where(t => t.UserAttrs.ContainsKey(StudyPipeline.PortfolioAttr)))
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  warm-{seed} trial {trial.Number}: {trial.UserAttrs[StudyPipeline.PortfolioAttr]} -> {trial.Value:F4}"));
                storage.DeleteStudy(warmStudy.Name);
            }

            RecsysTransferCommand.WriteArms($"target {target}: ", trials, cold, warm);
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
