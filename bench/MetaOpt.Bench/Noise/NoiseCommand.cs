using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using MetaOpt.Studies;
using MetaOpt.Studies.Recommender;

namespace MetaOpt.Bench.Noise;

/// <summary>
/// The <c>noise</c> verb, issue #21's benchmark: per study seed, a recommender study's search, then the confirmation of
/// its best configurations (each brought to as many runs, the baselines evaluated on as many seeds), all in one storage.
/// Prints a Markdown table per seed: the confirmed winner's mean test MAE, the unconfirmed pick's (the best first
/// run's configuration) over its runs, the best test baseline's, Kendall's tau of the confirmed and of the single-run
/// order of the confirmed configurations against their test order, and what the confirmation cost in trials; then
/// whether each of the issue's targets is met.
/// </summary>
internal static class NoiseCommand
{
    public static Command Create()
    {
        var studyName = new Option<string>("--study") { Description = "The recommender study", DefaultValueFactory = _ => "synthetic-cold-start" };
        var data = new Option<string?>("--data") { Description = "MovieLens directory, for the movielens-* studies" };
        var seeds = new Option<string>("--seeds") { Description = "Study seeds, comma-separated", DefaultValueFactory = _ => "1,2,3" };
        var trials = new Option<int>("--trials") { Description = "Trials of the search", DefaultValueFactory = _ => 30 };
        var top = new Option<int>("--top") { Description = "Configurations confirmed", DefaultValueFactory = _ => 5 };
        var repeats = new Option<int>("--repeats") { Description = "Repeats of each confirmed configuration after its first run (the baselines get one run more)", DefaultValueFactory = _ => 4 };
        var epochs = new Option<int?>("--epochs") { Description = "Epochs of a full trial (default: the study's)" };
        var folds = new Option<int>("--folds") { Description = "Folds of the users each trial validates on (the study's --folds)", DefaultValueFactory = _ => 1 };
        var threads = new Option<int>("--threads") { Description = "LibTorch intra-op threads", DefaultValueFactory = _ => 2 };
        var command = new Command("noise", "Confirmed winner against the unconfirmed pick and the baselines on test MAE, and Kendall's tau of each order")
        {
            studyName, data, seeds, trials, top, repeats, epochs, folds, threads,
        };
        command.SetAction(result => Run(
            result.GetValue(studyName)!, result.GetValue(data), ParseSeeds(result.GetValue(seeds)!), result.GetValue(trials),
            result.GetValue(top), result.GetValue(repeats), result.GetValue(epochs), result.GetValue(folds), result.GetValue(threads)));
        return command;
    }

    private static int[] ParseSeeds(string text)
    {
        var parts = text.Split(',');
        var seeds = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out seeds[i]))
                throw new ArgumentException($"--seeds must be non-negative integers separated by commas, got '{text}'.");
        return seeds;
    }

    private static int Run(string studyName, string? data, int[] seeds, int trials, int top, int repeats, int? epochs, int folds, int threads)
    {
        var definition = RecommenderCatalog.Find(studyName)
            ?? throw new ArgumentException($"--study must be a recommender study ({string.Join(", ", RecommenderCatalog.All.Select(d => d.Name))}), got '{studyName}'.");
        if (trials < top || top < 2 || repeats < 1 || epochs is < 1 || folds < 1 || threads < 1)
            throw new ArgumentException($"--top must be at least 2 and at most --trials, --repeats, --epochs, --folds and --threads at least 1, got {top}, {trials}, {repeats}, {epochs}, {folds} and {threads}.");

        Console.WriteLine($"{definition.Name}, {trials} trials, top {top} confirmed with {repeats} repeats ({repeats + 1} runs each, the repeats and the baselines on the same {repeats} seeds), epochs {epochs ?? definition.Epochs}, folds {folds}");
        Console.WriteLine();
        Console.WriteLine("| seed | confirmed winner: mean test MAE [95%] | unconfirmed pick: mean test MAE [95%] | best baseline: mean test MAE [95%] | tau confirmed | tau single | confirmation trials | wall s |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        var lines = new List<NoiseTable>();
        foreach (var seed in seeds)
        {
            var clock = Stopwatch.StartNew();
            var (line, cost) = RunSeed(definition, data, seed, trials, top, repeats, epochs, folds, threads);
            lines.Add(line);
            Console.WriteLine(Invariant(
                $"| {seed} | #{line.Winner.Configuration} {Describe(line.WinnerTest)} | #{line.Pick.Configuration} {Describe(line.PickTest)} | {line.Baseline.Baseline.Label} {Describe(line.Baseline.BaselineEstimate)} | {line.TauConfirmed:F2} | {line.TauSingle:F2} | {cost} | {clock.Elapsed.TotalSeconds:F0} |"));
        }

        Console.WriteLine();
        foreach (var (seed, line) in seeds.Zip(lines))
        {
            var baseline = line.Baseline.BaselineEstimate;
            // The issue's target: no worse than the baseline's mean within its interval.
            var met = line.WinnerTest.Mean <= (baseline.High ?? baseline.Mean);
            Console.WriteLine(Invariant(
                $"seed {seed}: winner {line.WinnerTest.Mean:F4} vs best baseline {baseline.Mean:F4} (interval up to {baseline.High ?? baseline.Mean:F4}): {(met ? "met" : "missed")}"));
        }
        var winnerMean = lines.Average(l => l.WinnerTest.Mean);
        var pickMean = lines.Average(l => l.PickTest.Mean);
        Console.WriteLine(Invariant($"on average: confirmed winner {winnerMean:F4} vs unconfirmed pick {pickMean:F4}: {(winnerMean <= pickMean ? "met" : "missed")}"));
        var tauConfirmed = lines.Average(l => l.TauConfirmed);
        var tauSingle = lines.Average(l => l.TauSingle);
        Console.WriteLine(Invariant($"mean tau: confirmed {tauConfirmed:F2} vs single run {tauSingle:F2}: {(tauConfirmed > tauSingle ? "met" : "missed")}"));
        return 0;
    }

    private static (NoiseTable Line, int Cost) RunSeed(IStudyDefinition definition, string? data, int seed, int trials, int top, int repeats, int? epochs, int folds, int threads)
    {
        var pipeline = StudyPipeline.Prepare(definition, new StudyRunContext
        {
            DataDirectory = data,
            Seed = seed,
            Epochs = epochs ?? definition.Epochs,
            Folds = folds,
            Threads = threads,
        });
        // The launcher's run: the study's own sampler and pruner, its seed deriving each trial's training seed.
        var study = Study.Create($"{definition.Name}-{seed}", new StudyOptions
        {
            Storage = new InMemoryStorage(),
            Seed = seed,
            Sampler = pipeline.WrapSampler(SamplerRegistry.Create(definition.DefaultSampler, seed, definition.SearchSpace)),
            Pruner = PrunerRegistry.Create(definition.DefaultPruner, epochs ?? definition.Epochs),
        });
        pipeline.Run(study, new StudyPipelineRun { Trials = trials });
        // As metaopt run --confirm: repeats beyond the search's budget, trained to the end, then the baselines on the seeds.
        var confirming = Study.Load(study.Name, study.Options with { MaxTrials = null, Pruner = new NopPruner() });
        var enqueued = confirming.EnqueueConfirmation(top, repeats);
        pipeline.Run(confirming, new StudyPipelineRun { Trials = confirming.GetTrials(TrialState.Waiting).Count });
        pipeline.ConfirmBaselines(confirming, CancellationToken.None);
        var line = NoiseTable.Of(confirming.Configurations, confirming.Direction, Direction.Minimize, confirming.UserAttrs,
            RecommenderAttributes.MetaTestMae, "test");
        foreach (var c in confirming.Configurations.Where(c => c.Repeats > 1))
            Console.Error.WriteLine(Invariant(
                $"  seed {seed} #{c.Configuration}: first run {c.Trials[0].Value:F4}, mean val {c.Objective.Mean:F4}, mean test {c.Metric(RecommenderAttributes.MetaTestMae)!.Mean:F4} over {c.Repeats} runs"));
        return (line, enqueued.Count);
    }

    private static string Describe(MeanEstimate e) => e.Low is { } low
        ? Invariant($"{e.Mean:F4} [{low:F4}, {e.High:F4}]")
        : Invariant($"{e.Mean:F4}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
