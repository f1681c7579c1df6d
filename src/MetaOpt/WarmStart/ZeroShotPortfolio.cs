using MetaOpt.Importance;
using MetaOpt.Samplers.Gp;


namespace MetaOpt;

/// <summary>
/// The configurations earlier studies predict for a new task, before any trial of it (a zero-shot portfolio, as
/// auto-sklearn and ML.NET AutoML start): the earlier studies are chosen as <see cref="WarmStart.Auto"/> chooses
/// them, their best configurations are the candidates, and a greedy selection adds, one at a time, the candidate
/// that most improves the best rank the portfolio reaches in each earlier study, studies nearer by meta-features
/// weighing more.
/// </summary>
/// <remarks>
/// A candidate's standing in a study is its quantile among that study's configurations (0 the best, 1 the worst):
/// measured where it was run (by the mean over its repeats), predicted by a random forest fitted on that study's
/// trials elsewhere. Configurations outside the new search space, or missing one of its parameters, are not
/// candidates.
/// </remarks>
public static class ZeroShotPortfolio
{
    private const int CandidatesPerStudy = 10;
    private const int Trees = 32;

    /// <summary>Builds a portfolio of up to <paramref name="count"/> distinct configurations.</summary>
    /// <param name="storage">Where the earlier studies are.</param>
    /// <param name="searchSpace">The new study's parameters.</param>
    /// <param name="features">The new task's meta-features; null to weigh every earlier study alike.</param>
    /// <param name="count">The number of configurations wanted.</param>
    /// <param name="choice">How earlier studies are chosen (<see cref="WarmStart.Auto"/> by default; its
    /// <see cref="WarmStart.Nearest"/> and <see cref="WarmStart.MaxDistance"/> apply).</param>
    /// <param name="excludeStudy">A study not to learn from (the new study itself, when it exists).</param>
    /// <returns>The configurations, the one expected to do best first; empty when no earlier study fits.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is below 1.</exception>
    public static IReadOnlyList<PortfolioEntry> Build(
        IStorage storage, IReadOnlyDictionary<string, Distribution> searchSpace, MetaFeatures? features, int count,
        WarmStart? choice = null, string? excludeStudy = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(searchSpace);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        choice ??= WarmStart.Auto;
        if (searchSpace.Count == 0)
            return [];
        var space = new UnitCubeSpace(searchSpace);
        var sources = storage.GetAllStudies()
            .Where(info => info.Name != excludeStudy)
            .Select(info => Source.Read(storage, info, space))
            .OfType<Source>()
            .ToList();
        var chosen = choice.Nearer(sources.Select(s => s.Study).ToList(), features).ToList();
        var studies = chosen.Select(c => sources.Single(s => s.Study.Name == c.Name) with { Weight = Math.Exp(-(c.Distance ?? 0)) }).ToList();
        if (studies.Count == 0)
            return [];

        // A configuration run in several studies is named after the one where it ranks best.
        var candidates = studies
            .SelectMany(s => s.Configurations.Take(CandidatesPerStudy).Select(c => (Study: s, Configuration: c)))
            .GroupBy(c => UnitCubeSpace.PointKey(c.Configuration.Point))
            .Select(g => g.MinBy(c => c.Study.Quantile(c.Configuration.Point)))
            .ToList();
        // Each candidate's quantile in each study: measured where it ran, predicted elsewhere.
        var quantiles = candidates.Select(c => studies.Select(s => s.Quantile(c.Configuration.Point)).ToArray()).ToList();
        var weights = studies.Select(s => s.Weight).ToArray();
        var reached = Enumerable.Repeat(1.0, studies.Count).ToArray();
        var portfolio = new List<PortfolioEntry>();
        var left = Enumerable.Range(0, candidates.Count).ToList();
        while (portfolio.Count < count && left.Count > 0)
        {
            double Loss(int i) => weights.Select((w, s) => w * Math.Min(reached[s], quantiles[i][s])).Sum();
            double Mean(int i) => weights.Select((w, s) => w * quantiles[i][s]).Sum();
            // Ties (a candidate that improves nothing more) go to the better expected quantile, then the pool's order.
            var pick = left.OrderBy(Loss).ThenBy(Mean).First();
            left.Remove(pick);
            for (var s = 0; s < studies.Count; s++)
                reached[s] = Math.Min(reached[s], quantiles[pick][s]);
            var (study, configuration) = candidates[pick];
            portfolio.Add(new PortfolioEntry(
                configuration.Params, study.Study.Name, configuration.Number, Mean(pick) / weights.Sum(),
                studies.Select((s, j) => (s.Study.Name, quantiles[pick][j])).ToDictionary(p => p.Name, p => p.Item2)));
        }
        return portfolio;
    }

    /// <summary>One distinct configuration of an earlier study: its first trial, parameters, point and mean value (smaller is better).</summary>
    private sealed record Configuration(int Number, IReadOnlyDictionary<string, object> Params, double[] Point, double Mean);

    /// <summary>An earlier study seen from the new search space: its configurations, best first, and a model of their quantiles.</summary>
    private sealed record Source(SourceStudy Study, IReadOnlyList<Configuration> Configurations, RandomForest Forest)
    {
        public double Weight { get; init; } = 1;

        // Each configuration's rank by its point, so a candidate run here is looked up once, not searched for.
        private readonly Dictionary<string, int> _ranks = Configurations
            .Select((c, rank) => (Key: UnitCubeSpace.PointKey(c.Point), rank))
            .DistinctBy(c => c.Key)
            .ToDictionary(c => c.Key, c => c.rank);

        /// <summary>The study's stored form as a source, or null when fewer than three of its configurations fit the space.</summary>
        public static Source? Read(IStorage storage, StudyInfo info, UnitCubeSpace space)
        {
            var study = WarmStart.ReadSource(storage, info);
            var sign = study.Direction.Sign();
            var configurations = study.Trials
                .Select(t => (Trial: t, Point: space.EncodeExternal(t.Params)))
                .Where(t => t.Point is not null)
                .GroupBy(t => t.Trial.Configuration)
                .Select(g => new Configuration(g.Key, g.First().Trial.Params, g.First().Point!, g.Average(t => sign * t.Trial.Value!.Value)))
                .OrderBy(c => c.Mean)
                .ThenBy(c => c.Number)
                .ToList();
            if (configurations.Count < 3)
                return null;
            // The forest learns quantiles, so studies with other scales and outliers compare alike.
            var targets = configurations.Select((_, rank) => Quantile(rank, configurations.Count)).ToArray();
            var settings = new RegressionTree.TreeSettings(
                MaxDepth: 1 << 20, MinSamplesLeaf: 1, MinSamplesSplit: 2, MaxFeatures: space.Dimensions, Categorical: space.IsCategorical);
            var forest = RandomForest.Fit([.. configurations.Select(c => c.Point)], targets, Trees, settings, bootstrap: true, new Random(0));
            return new Source(study, configurations, forest);
        }

        public double Quantile(double[] point) =>
            _ranks.TryGetValue(UnitCubeSpace.PointKey(point), out var rank)
                ? Quantile(rank, Configurations.Count)
                : Math.Clamp(Forest.Predict(point).Mean, 0, 1);

        private static double Quantile(int rank, int count) => (double)rank / (count - 1);
    }
}

/// <summary>One configuration of a <see cref="ZeroShotPortfolio"/>.</summary>
/// <param name="Params">The parameter values, as the earlier study's objective saw them.</param>
/// <param name="SourceStudy">The earlier study it comes from.</param>
/// <param name="SourceTrial">The number of its first trial there (its configuration).</param>
/// <param name="ExpectedQuantile">Its quantile among each earlier study's configurations (0 the best, 1 the worst),
/// averaged over the studies with their weights.</param>
/// <param name="QuantileByStudy">Its quantile in each earlier study taken: measured in its own, predicted in the others.</param>
public sealed record PortfolioEntry(
    IReadOnlyDictionary<string, object> Params, string SourceStudy, int SourceTrial, double ExpectedQuantile,
    IReadOnlyDictionary<string, double> QuantileByStudy);
