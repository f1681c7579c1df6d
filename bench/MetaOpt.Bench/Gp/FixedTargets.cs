using MetaOpt.Bench.Functions;
using MetaOpt.Bench.Samplers;
using MetaOpt.Studies;

namespace MetaOpt.Bench.Gp;

/// <summary>A value to reach: the cold runs' median best after <see cref="Budget"/> trials, or the floor where that was closer to the optimum.</summary>
/// <param name="Budget">The trials after which the cold runs' median best was taken.</param>
/// <param name="Value">The value to reach (at or below it counts).</param>
/// <param name="Clipped">Whether the median was closer to the optimum than the floor and the floor took its place.</param>
internal sealed record Target(int Budget, double Value, bool Clipped);

/// <summary>One function's runtimes: per arm, per target and seed, the trials to reach the target (null: not reached within <see cref="Budget"/>).</summary>
/// <param name="Function">The function's name.</param>
/// <param name="Targets">Its targets, easiest first.</param>
/// <param name="Budget">Trials per run.</param>
/// <param name="Arms">Runtimes by arm: [target][seed], the same seeds in every arm.</param>
internal sealed record FunctionRuntimes(string Function, IReadOnlyList<Target> Targets, int Budget, IReadOnlyDictionary<string, int?[][]> Arms);

/// <summary>
/// The arithmetic of fixed-target runtimes as the COCO platform measures them (Hansen et al., "COCO: Performance
/// Assessment", 2016): targets, runtimes, expected running time (ERT), its empirical distribution, and the geometric
/// mean of ERT ratios with a paired bootstrap interval over seeds.
/// </summary>
internal static class FixedTargets
{
    /// <summary>The fraction of a function's range below which no target asks for more digits.</summary>
    public const double FloorFraction = 1e-6;

    /// <summary>
    /// The function's range over its search space: the largest value among <paramref name="points"/> points drawn by
    /// the random sampler minus the known optimum (or their smallest value, if lower).
    /// </summary>
    public static double Range(BenchmarkFunction function, int points = 10_000, int seed = 0)
    {
        var study = Study.Create($"{function.Name}-range", new StudyOptions { Sampler = new RandomSampler(seed) });
        var (low, high) = (function.Optimum, double.NegativeInfinity);
        for (var i = 0; i < points; i++)
        {
            var trial = study.Ask();
            var v = function.Evaluate(trial.SuggestAll(function.Space));
            study.Tell(trial, v);
            (low, high) = (Math.Min(low, v), Math.Max(high, v));
        }
        return high - low;
    }

    /// <summary>
    /// The targets of one function: after each budget k, the median over the cold runs of their best value after k
    /// trials, clipped to optimum + <see cref="FloorFraction"/> × <paramref name="range"/> when closer to the optimum
    /// than that. A target equal to an earlier (smaller-budget) one is the same target and is left out.
    /// </summary>
    /// <param name="coldBest">Each cold run's best value so far after each trial.</param>
    /// <param name="budgets">Trial counts, ascending, each at most every run's length.</param>
    /// <param name="optimum">The function's minimum.</param>
    /// <param name="range">The function's range over the search space (<see cref="Range"/>).</param>
    public static IReadOnlyList<Target> Targets(IReadOnlyList<double[]> coldBest, IReadOnlyList<int> budgets, double optimum, double range)
    {
        if (coldBest.Count == 0 || budgets.Any(k => k < 1 || coldBest.Any(b => b.Length < k)))
            throw new ArgumentException($"Budgets {string.Join(", ", budgets)} need cold runs of at least that many trials, got {coldBest.Count} runs.");
        var floor = optimum + FloorFraction * range;
        var targets = new List<Target>();
        foreach (var k in budgets)
        {
            var median = SamplerTable.Median(coldBest.Select(b => b[k - 1]));
            var target = median < floor ? new Target(k, floor, true) : new Target(k, median, false);
            if (targets.All(t => t.Value != target.Value))
                targets.Add(target);
        }
        return targets;
    }

    /// <summary>The trial (1-based) whose best so far first reaches <paramref name="target"/> (at or below it); null when none does.</summary>
    public static int? Runtime(double[] best, double target) =>
        Array.FindIndex(best, b => b <= target) is var i and >= 0 ? i + 1 : null;

    /// <summary>
    /// Expected running time: all trials spent, by the runs that reached the target (their runtime) and by those that
    /// did not (the whole <paramref name="budget"/>), divided by the number of runs that reached it; infinite when none did.
    /// </summary>
    public static double Ert(IEnumerable<int?> runtimes, int budget)
    {
        var (spent, reached) = (0.0, 0);
        foreach (var r in runtimes)
        {
            spent += r ?? budget;
            if (r is not null)
                reached++;
        }
        return reached == 0 ? double.PositiveInfinity : spent / reached;
    }

    /// <summary>The share of runtimes at most t trials, for t = 1 … <paramref name="budget"/> (element t − 1): the runtime ECDF, with unreached targets never counted.</summary>
    public static double[] Ecdf(IReadOnlyCollection<int?> runtimes, int budget) =>
        [.. Enumerable.Range(1, budget).Select(t => (double)runtimes.Count(r => r <= t) / runtimes.Count)];

    /// <summary>
    /// The figure of merit: the geometric mean over functions and targets of ERT(<paramref name="baseline"/>) /
    /// ERT(<paramref name="arm"/>), both computed on the runs of <paramref name="seeds"/> (indices, repeats allowed).
    /// </summary>
    /// <remarks>
    /// A target neither arm reached says nothing about their difference and is left out (NaN when all are). One that
    /// only the baseline reached makes the mean 0, one only the arm reached makes it infinite: a target missed is not
    /// averaged away. Both at once give NaN.
    /// </remarks>
    public static double FigureOfMerit(IReadOnlyList<FunctionRuntimes> functions, string baseline, string arm, IReadOnlyList<int> seeds)
    {
        var (logSum, count) = (0.0, 0);
        foreach (var f in functions)
        {
            for (var t = 0; t < f.Targets.Count; t++)
            {
                var (b, a) = (Ert(seeds.Select(s => f.Arms[baseline][t][s]), f.Budget), Ert(seeds.Select(s => f.Arms[arm][t][s]), f.Budget));
                if (double.IsPositiveInfinity(b) && double.IsPositiveInfinity(a))
                    continue;
                logSum += Math.Log(b) - Math.Log(a);
                count++;
            }
        }
        return count == 0 ? double.NaN : Math.Exp(logSum / count);
    }

    /// <summary>
    /// <see cref="FigureOfMerit"/> on all <paramref name="seedCount"/> seeds, with a percentile bootstrap interval:
    /// each of <paramref name="resamples"/> resamples draws seeds with replacement and uses them for every function and
    /// both arms (paired, as the arms ran on the same seeds).
    /// </summary>
    /// <returns>The estimate and the interval's ends at (1 ∓ <paramref name="level"/>) / 2; resamples with a NaN figure are left out of the interval.</returns>
    public static (double Estimate, double Low, double High) Bootstrap(
        IReadOnlyList<FunctionRuntimes> functions, string baseline, string arm, int seedCount, int resamples, double level, Random random)
    {
        var estimate = FigureOfMerit(functions, baseline, arm, [.. Enumerable.Range(0, seedCount)]);
        var draws = new List<double>(resamples);
        var seeds = new int[seedCount];
        for (var r = 0; r < resamples; r++)
        {
            for (var i = 0; i < seedCount; i++)
                seeds[i] = random.Next(seedCount);
            if (FigureOfMerit(functions, baseline, arm, seeds) is var value && !double.IsNaN(value))
                draws.Add(value);
        }
        draws.Sort();
        return (estimate, Quantile(draws, (1 - level) / 2), Quantile(draws, (1 + level) / 2));
    }

    /// <summary>The p-quantile of sorted values, interpolated linearly between order statistics (R's type 7); NaN when there are none.</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0)
            return double.NaN;
        var h = (sorted.Count - 1) * p;
        var below = (int)Math.Floor(h);
        // Between equal neighbours or at an order statistic, no interpolation: infinite neighbours would give NaN.
        return h == below || sorted[below] == sorted[below + 1] ? sorted[below] : sorted[below] + (h - below) * (sorted[below + 1] - sorted[below]);
    }
}
