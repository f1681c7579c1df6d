using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using MetaOpt.Studies;
using MetaOpt.Studies.Recommender;

namespace MetaOpt.Bench.Strategy;

/// <summary>
/// The <c>strategy</c> verb: the strategy study against the single-strategy studies and the study baselines, at the
/// same total number of trials (the strategy study's <c>--trials</c> against half as many for each of the two
/// single-strategy studies), per seed. Prints a Markdown table of each arm's best validation MAE, the test MAE of
/// that trial, the strategy it chose and the wall time, then whether the strategy study's test MAE is at least as
/// good as every other arm's and every baseline's on that seed. With <c>--confirm K,R</c> each arm is confirmed after
/// its search (its K best configurations re-run with R more seeds, the strategy study's baselines on the same R seeds) and
/// the table and verdict compare the confirmed winners' means and the baselines' means instead of single draws.
/// </summary>
/// <remarks>
/// Without <c>--data</c> the generated-data studies run (<c>synthetic-strategy</c> against <c>synthetic-transfer</c>
/// and <c>synthetic-cold-start</c>); with it the MovieLens ones (<c>movielens-strategy</c> against
/// <c>movielens-transfer</c> and <c>movielens-meta-transfer</c>). Each study runs with its launcher defaults: its own
/// sampler and the median pruner. Best values count complete trials only.
/// </remarks>
internal static class StrategyCommand
{
    private static readonly (string Key, string Label)[] Baselines =
        [("global_zero_shot", "baseline: zero-shot"), ("global_finetuned", "baseline: fine-tuned"), ("global_mean", "baseline: global mean")];

    public static Command Create()
    {
        var data = new Option<string?>("--data") { Description = "MovieLens directory: run the movielens-* studies instead of the generated-data ones" };
        var seeds = new Option<int>("--seeds") { Description = "Seeds 1..n", DefaultValueFactory = _ => 3 };
        var trials = new Option<int>("--trials") { Description = "Trials of the strategy study; each single-strategy study gets half", DefaultValueFactory = _ => 60 };
        var epochs = new Option<int?>("--epochs") { Description = "Epochs of a full trial (default: each study's)" };
        var sampler = new Option<string>("--sampler")
        {
            Description = $"'default' (each study's own: tpe-group for the strategy study, tpe for the others) or one for all: {string.Join(", ", SamplerRegistry.Names.Names)}",
            DefaultValueFactory = _ => "default",
        };
        var threads = new Option<int>("--threads") { Description = "LibTorch intra-op threads", DefaultValueFactory = _ => 2 };
        var strategyOnly = new Option<bool>("--strategy-only")
        {
            Description = "Run the strategy study alone, against the baselines (the single-strategy studies give the same results for the same seeds, epochs and sampler)",
        };
        var noHalving = new Option<bool>("--no-halving")
        {
            Description = "Let the sampler choose each trial's strategy itself, without the strategy studies' successive halving over strategies",
        };
        var confirm = new Option<string?>("--confirm")
        {
            Description = "K,R: after each arm's search, re-run its K best configurations with R more seeds (the baselines on the same R seeds) and compare means",
        };
        var command = new Command("strategy", "The strategy study against the single-strategy studies and the baselines at equal trials")
        {
            data, seeds, trials, epochs, sampler, threads, strategyOnly, noHalving, confirm,
        };
        command.SetAction(result => Run(
            result.GetValue(data), result.GetValue(seeds), result.GetValue(trials), result.GetValue(epochs),
            result.GetValue(sampler)!, result.GetValue(threads), result.GetValue(strategyOnly), !result.GetValue(noHalving),
            ParseConfirm(result.GetValue(confirm))));
        return command;
    }

    private static (int Top, int Repeats)? ParseConfirm(string? text)
    {
        if (text is null)
            return null;
        var parts = text.Split(',');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var top) && top >= 1
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var repeats) && repeats >= 1)
            return (top, repeats);
        throw new ArgumentException($"--confirm must be K,R with K and R at least 1 (the top configurations and the repeats each), got '{text}'.");
    }

    private static int Run(string? data, int seeds, int trials, int? epochs, string samplerName, int threads, bool strategyOnly, bool halving,
        (int Top, int Repeats)? confirm)
    {
        if (seeds < 1 || trials < 2 || epochs is < 1 || threads < 1)
            throw new ArgumentException($"--seeds, --epochs and --threads must be at least 1 and --trials at least 2, got {seeds}, {epochs}, {threads} and {trials}.");
        if (samplerName != "default")
            SamplerRegistry.Names.Parse(samplerName); // fail on a bad name before any run
        var prefix = data is null ? "synthetic" : "movielens";
        var arms = new[]
        {
            (Name: $"{prefix}-strategy", Trials: trials),
            (Name: $"{prefix}-transfer", Trials: trials / 2),
            (Name: data is null ? "synthetic-cold-start" : "movielens-meta-transfer", Trials: trials - trials / 2),
        }[..(strategyOnly ? 1 : 3)];

        Console.WriteLine(confirm is null
            ? "| seed | arm | trials | best val MAE | test MAE of that trial | strategy | wall s |"
            : "| seed | arm | trials | confirmed winner's mean val MAE | its mean test MAE [95% interval] | strategy | wall s |");
        Console.WriteLine($"|---|---|---|---|---|---|---|");
        var verdicts = new List<string>();
        for (var seed = 1; seed <= seeds; seed++)
        {
            // Only the strategy study evaluates its baselines per seed: every arm's would give the same runs.
            var results = arms.Select((a, i) => RunArm(RecommenderCatalog.Find(a.Name)!, data, seed, a.Trials, epochs, samplerName, threads, halving, confirm, i == 0)).ToList();
            foreach (var (arm, r) in arms.Zip(results))
                Console.WriteLine(Invariant($"| {seed} | {arm.Name} | {arm.Trials} | {r.Validation:F4} | {Describe(r.Test)} | {r.Strategy} | {r.Seconds:F0} |"));
            var attrs = results[0].StudyAttrs;
            var runs = BaselineRuns.Read(attrs);
            // Confirmed: each baseline's mean over its runs; otherwise the one stored value.
            var baselines = Baselines.Select(b => (b.Label,
                Validation: confirm is null ? (double)attrs[b.Key + "_val_mae"] : runs.Estimate(b.Key + "_val_mae")!.Mean,
                Test: confirm is null ? MeanEstimate.Of([(double)attrs[b.Key + "_mae"]]) : runs.Estimate(b.Key + "_mae")!)).ToList();
            foreach (var b in baselines)
                Console.WriteLine(Invariant($"| {seed} | {b.Label} | 0 | {b.Validation:F4} | {Describe(b.Test)} | | |"));

            var others = results.Skip(1).Select((r, i) => (Label: arms[i + 1].Name, r.Test)).Concat(baselines.Select(b => (b.Label, b.Test))).ToList();
            var rival = others.MinBy(o => o.Test.Mean);
            var strategy = results[0];
            verdicts.Add(Invariant($"seed {seed}: strategy study test MAE {Describe(strategy.Test)} ({strategy.Strategy}) vs best other {Describe(rival.Test)} ({rival.Label}): {Outcome(strategy.Test, rival.Test)}"));
        }
        Console.WriteLine();
        foreach (var verdict in verdicts)
            Console.WriteLine(verdict);
        return 0;
    }

    /// <summary>
    /// The target on one seed. Single runs: met when the strategy study's test MAE is at most the rival's. Confirmed
    /// means: met when its mean is at most the rival's, or within the rival's 95% interval (the noise cannot put the
    /// rival ahead), with whether the test (paired on common seeds, else Welch's) tells the two apart.
    /// </summary>
    private static string Outcome(MeanEstimate strategy, MeanEstimate rival)
    {
        var gap = Invariant($"{Math.Abs(rival.Mean - strategy.Mean):F4}");
        if (strategy.Count == 1 && rival.Count == 1)
            return (strategy.Mean <= rival.Mean ? "met" : "missed") + " by " + gap;
        var difference = MeanDifference.Of(strategy, rival);
        var apart = (difference.ToldApart ? "told apart by " : "not told apart by ") + difference.Test + " at 5%";
        if (strategy.Mean <= rival.Mean)
            return $"met by {gap} ({apart})";
        return rival.High is { } high && strategy.Mean <= high ? $"met within the rival's interval, behind by {gap} ({apart})" : $"missed by {gap} ({apart})";
    }

    private static string Describe(MeanEstimate test) => test.Low is { } low
        ? Invariant($"{test.Mean:F4} [{low:F4}, {test.High:F4}], {test.Count} runs")
        : Invariant($"{test.Mean:F4}");

    /// <param name="Validation">The winner's validation MAE: the best trial's, or the confirmed winner's mean.</param>
    /// <param name="Test">The winner's meta-test MAE: one value, or the confirmed winner's mean over its runs.</param>
    private sealed record ArmResult(double Validation, MeanEstimate Test, string Strategy, double Seconds, IReadOnlyDictionary<string, object> StudyAttrs);

    private static ArmResult RunArm(IStudyDefinition definition, string? data, int seed, int trials, int? epochs, string samplerName, int threads, bool halving,
        (int Top, int Repeats)? confirm, bool baselines)
    {
        var chosen = samplerName == "default"
            ? SamplerRegistry.Create(definition.DefaultSampler, seed, definition.SearchSpace)
            : SamplerRegistry.Create(samplerName, seed, definition.SearchSpace);
        var clock = Stopwatch.StartNew();
        // The launcher's pipeline: prepare, wrap the sampler, store the study's attributes, optimise.
        var pipeline = StudyPipeline.Prepare(definition, new StudyRunContext
        {
            DataDirectory = data,
            Seed = seed,
            Epochs = epochs ?? definition.Epochs,
            Threads = threads,
        });
        var study = Study.Create($"{definition.Name}-{seed}", new StudyOptions
        {
            // Its own storage, so the confirmation below loads the same trials.
            Storage = new InMemoryStorage(),
            // The study seed, as the launcher's --seed: each trial trains with a seed derived from it.
            Seed = seed,
            // Wrapped as the launcher wraps it (the strategy studies spread their trials over strategies) unless told not to.
            Sampler = halving ? pipeline.WrapSampler(chosen) : chosen,
            // The study's own pruner, as the launcher builds it.
            Pruner = PrunerRegistry.Create(definition.DefaultPruner, epochs ?? definition.Epochs),
        });
        pipeline.Run(study, new StudyPipelineRun { Trials = trials });
        ConfigurationResult? winner = null;
        if (confirm is var (top, repeats))
        {
            // As metaopt run --confirm: repeats beyond the search's budget, trained to the end.
            var confirming = Study.Load(study.Name, study.Options with { MaxTrials = null, Pruner = new NopPruner() });
            confirming.EnqueueConfirmation(top, repeats);
            pipeline.Run(confirming, new StudyPipelineRun { Trials = confirming.GetTrials(TrialState.Waiting).Count });
            if (baselines)
                pipeline.ConfirmBaselines(confirming, CancellationToken.None);
            study = confirming;
            winner = ConfigurationResult.Winner(confirming.Configurations);
        }
        var seconds = clock.Elapsed.TotalSeconds;
        var best = study.Trials.Where(t => t.State == TrialState.Complete).MinBy(t => t.Value!.Value)
            ?? throw new InvalidOperationException($"{study.Name}: no trial completed.");
        var strategy = best.Params.TryGetValue(StrategySpace.Parameter, out var s) ? s : best.Params["algo"];
        Console.Error.WriteLine(Invariant($"{study.Name}: best {best.Value:F4} (#{best.Number}, {strategy}) in {seconds:F0} s"));
        // How the budget was spent, strategy by strategy (single-strategy studies: their one algorithm).
        foreach (var spent in study.Trials.GroupBy(t => t.Params.GetValueOrDefault(StrategySpace.Parameter) ?? t.Params.GetValueOrDefault("algo") ?? "-"))
        {
            var complete = spent.Where(t => t.State == TrialState.Complete).ToList();
            Console.Error.WriteLine(Invariant(
                $"  {spent.Key}: {spent.Count()} trials ({complete.Count} complete, {spent.Count(t => t.State == TrialState.Pruned)} pruned), best {(complete.Count > 0 ? complete.Min(t => t.Value!.Value).ToString("F4", CultureInfo.InvariantCulture) : "-")}, numbers {string.Join(",", spent.Select(t => t.Number))}"));
        }
        if (winner is not null)
        {
            var confirmedStrategy = winner.Params.TryGetValue(StrategySpace.Parameter, out var w) ? w : winner.Params["algo"];
            Console.Error.WriteLine(Invariant($"  confirmed winner #{winner.Configuration} ({confirmedStrategy}): mean {winner.Objective.Mean:F4} over {winner.Repeats} runs"));
            return new ArmResult(winner.Objective.Mean, winner.Metric(RecommenderAttributes.MetaTestMae)!, (string)confirmedStrategy, seconds, study.UserAttrs);
        }
        return new ArmResult(best.Value!.Value, MeanEstimate.Of([(double)best.UserAttrs[RecommenderAttributes.MetaTestMae]]), (string)strategy, seconds, study.UserAttrs);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
