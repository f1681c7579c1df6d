using System.Globalization;
using MetaOpt.Samplers.Gp;

namespace MetaOpt.Tests.Gp;

public class WarmStartTests
{
    private static double Bowl(double x, double y, double cx, double cy) => (x - cx) * (x - cx) + (y - cy) * (y - cy);

    /// <summary>An earlier study: 30 random trials of an objective over x, y in [0, 1].</summary>
    private static void AddSourceStudy(IStorage storage, string name, Func<double, double, double> objective, int seed)
    {
        var study = Study.Create(name, new StudyOptions { Storage = storage, Sampler = new RandomSampler(seed) });
        study.Optimize(t => objective(t.SuggestFloat("x", 0, 1), t.SuggestFloat("y", 0, 1)), trials: 30);
    }

    private static Study Target(IStorage storage, WarmStart warm, int trials)
    {
        var study = Study.Create("target", new StudyOptions { Storage = storage, Sampler = new GpSampler(11), WarmStartFrom = warm });
        study.Optimize(t => 3 * Bowl(t.SuggestFloat("x", 0, 1), t.SuggestFloat("y", 0, 1), 0.33, 0.62) + 1, trials: trials);
        return study;
    }

    private static Dictionary<string, double> Weights(FrozenTrial trial) =>
        ((string)trial.SystemAttrs[GpSampler.WeightsAttr]).Split(';')
            .Select(p => p.Split('='))
            .ToDictionary(p => p[0], p => double.Parse(p[1], CultureInfo.InvariantCulture));

    [Fact]
    public void FirstProposalComesFromTheEarlierStudysModel()
    {
        var storage = new InMemoryStorage();
        AddSourceStudy(storage, "related", (x, y) => Bowl(x, y, 0.3, 0.6), seed: 1);
        var first = Target(storage, WarmStart.From("related"), trials: 1).Trials[0];
        Assert.InRange((double)first.Params["x"], 0.2, 0.4);
        Assert.InRange((double)first.Params["y"], 0.5, 0.7);
    }

    [Fact]
    public void RelatedStudyGetsWeightUnrelatedDoesNot()
    {
        var storage = new InMemoryStorage();
        AddSourceStudy(storage, "related", (x, y) => Bowl(x, y, 0.3, 0.6), seed: 1);
        AddSourceStudy(storage, "unrelated", (x, y) => -Bowl(x, y, 0.3, 0.6), seed: 2);
        var study = Target(storage, WarmStart.From("related", "unrelated"), trials: 25);
        // After a few observations, enough to rank, and still once the new study has more points than the earlier
        // one: the new GP models the residuals and does not compete with the related study for its weight.
        foreach (var trial in new[] { study.Trials[6], study.Trials[^1] })
        {
            var weights = Weights(trial);
            Assert.True(weights["related"] == 1, $"trial {trial.Number}: {string.Join(", ", weights)}");
            Assert.True(weights["unrelated"] == 0, $"trial {trial.Number}: {string.Join(", ", weights)}");
        }
        Assert.True(study.BestValue < 1.001, $"best {study.BestValue}");
    }

    [Fact]
    public void RankingWeightsFollowRankingQuality()
    {
        var random = new Random(3);
        GaussianProcess Model(Func<double, double> f)
        {
            var x = Enumerable.Range(0, 25).Select(_ => new[] { random.NextDouble() }).ToList();
            return new GaussianProcess(x, GpSampler.Standardize(x.Select(p => f(p[0])).ToArray()), new KernelParameters([10.0], 1.0, 1e-4), [false]);
        }
        // Both rank better than chance; the one whose optimum is nearer the new study's ranks more pairs right.
        var near = Model(x => (x - 0.3) * (x - 0.3));
        var far = Model(x => (x - 0.6) * (x - 0.6));
        var points = Enumerable.Range(0, 10).Select(i => new[] { i / 9.0 }).ToList();
        var y = GpSampler.Standardize(points.Select(p => 2 * (p[0] - 0.32) * (p[0] - 0.32)).ToArray());
        var weights = RankingWeights.Compute([near, far], points, y, 256, new Random(4));
        Assert.Equal(1.0, weights.Sum(), 1e-12);
        Assert.True(weights[0] > 0.8, string.Join(", ", weights));
        Assert.True(weights[1] > 0, string.Join(", ", weights));
        // The same model twice ties on every sample and shares the weight.
        Assert.Equal([0.5, 0.5], RankingWeights.Compute([near, near], points, y, 256, new Random(4)));
    }

    [Fact]
    public void RankingWeightsDropASourceWorseThanChanceKeepOneAtChanceLevel()
    {
        var sourcePoints = Enumerable.Range(0, 21).Select(i => new[] { i / 20.0 }).ToList();
        GaussianProcess Model(Func<double, double> f) =>
            new(sourcePoints, GpSampler.Standardize(sourcePoints.Select(p => f(p[0])).ToArray()), new KernelParameters([10.0], 1.0, 1e-4), [false]);
        var reversed = Model(x => -(x - 0.3) * (x - 0.3));
        var flat = Model(_ => 1.0);
        var points = Enumerable.Range(0, 12).Select(i => new[] { i / 11.0 }).ToList();
        var y = GpSampler.Standardize(points.Select(p => (p[0] - 0.35) * (p[0] - 0.35)).ToArray());
        Assert.Equal([0.0], RankingWeights.Compute([reversed], points, y, 256, new Random(6)));
        // A constant prediction ranks exactly as well as chance: no evidence against the source, which keeps its weight.
        Assert.Equal([1.0], RankingWeights.Compute([flat], points, y, 256, new Random(6)));
        // Tied observations have no order to get wrong: no evidence against the reversed source.
        Assert.Equal([1.0], RankingWeights.Compute([reversed], points, new double[points.Count], 256, new Random(6)));
        // Below the test's minimum the reversed source has not lost yet.
        var few = RankingWeights.MinObservationsForChanceTest - 1;
        Assert.Equal([1.0], RankingWeights.Compute([reversed], points[..few], y[..few], 256, new Random(6)));
    }

    [Fact]
    public void StackedSurrogatePassesThroughTheNewObservationsAndFallsBackToThePriorAwayFromThem()
    {
        var sourcePoints = Enumerable.Range(0, 21).Select(i => new[] { i / 20.0 }).ToList();
        var shifted = new GaussianProcess(sourcePoints, sourcePoints.Select(p => 4 * (p[0] - 0.3) * (p[0] - 0.3)).ToArray(), new KernelParameters([10.0], 1.0, 1e-8), [false]);
        var points = new List<double[]> { new[] { 0.5 }, new[] { 0.55 }, new[] { 0.6 } };
        var y = points.Select(p => 4 * (p[0] - 0.55) * (p[0] - 0.55)).ToArray();
        var residuals = points.Select((p, i) => y[i] - shifted.Predict(p).Mean).ToArray();
        var mean = residuals.Average();
        var residual = new GaussianProcess(points, residuals.Select(r => r - mean).ToArray(), new KernelParameters([100.0], 1.0, 1e-8), [false]);
        var stacked = new StackedSurrogate([shifted], [1.0], residual, mean, 1, 1);
        for (var i = 0; i < points.Count; i++)
        {
            var (m, v) = stacked.Predict(points[i]);
            Assert.Equal(y[i], m, 1e-4);
            Assert.True(v < 1e-6, $"variance {v} at an observation");
        }
        // Between the new points the mean follows them (truth 0.0025), not the prior (0.3025 there).
        Assert.InRange(stacked.Predict([0.575]).Mean, -0.02, 0.02);
        // Far from the new points the residual GP reverts to its mean: the prior's shape, shifted by that mean.
        Assert.Equal(shifted.Predict([0.05]).Mean + mean, stacked.Predict([0.05]).Mean, 1e-3);
    }

    [Fact]
    public void RelatedStudyKeepsItsWeightAfterTheProbe()
    {
        var storage = new InMemoryStorage();
        AddSourceStudy(storage, "related", (x, y) => Bowl(x, y, 0.3, 0.6), seed: 1);
        var study = Target(storage, WarmStart.From("related"), trials: 12);
        Assert.Equal([1], study.Trials.Where(t => t.SystemAttrs.ContainsKey(GpSampler.ProbeAttr)).Select(t => t.Number));
        Assert.DoesNotContain(study.Trials, t => t.SystemAttrs.ContainsKey(GpSampler.DesignAttr));
        // Every proposal but the probe comes from the prior at full weight, from 3 observations on too.
        foreach (var trial in study.Trials.Where(t => t.Number != 1))
            Assert.True(Weights(trial)["related"] == 1, $"trial {trial.Number}: {string.Join(", ", Weights(trial))}");
        Assert.True(study.BestValue < 1.001, $"best {study.BestValue}");
    }

    [Fact]
    public void AnEnqueuedTrialIsNeverTheProbe()
    {
        var storage = new InMemoryStorage();
        AddSourceStudy(storage, "related", (x, y) => Bowl(x, y, 0.3, 0.6), seed: 1);
        var study = Study.Create("target", new StudyOptions { Storage = storage, Sampler = new GpSampler(11), WarmStartFrom = WarmStart.From("related") });
        double Objective(Trial t) => 3 * Bowl(t.SuggestFloat("x", 0, 1), t.SuggestFloat("y", 0, 1), 0.33, 0.62) + 1;
        study.Optimize(Objective, trials: 1);
        study.EnqueueTrial(new Dictionary<string, object> { ["x"] = 0.9, ["y"] = 0.1 });
        study.Optimize(Objective, trials: 2);
        Assert.Equal(0.9, (double)study.Trials[1].Params["x"]);
        Assert.Equal([2], study.Trials.Where(t => t.SystemAttrs.ContainsKey(GpSampler.ProbeAttr)).Select(t => t.Number));
    }

    [Fact]
    public void UnrelatedStudyLosesItsWeightAndTheStudyRunsTheWholeDesign()
    {
        var storage = new InMemoryStorage();
        AddSourceStudy(storage, "unrelated", (x, y) => -Bowl(x, y, 0.33, 0.62), seed: 2);
        var study = Target(storage, WarmStart.From("unrelated"), trials: 25);
        // Trial 0 from the earlier study's model, trial 1 the probe, trial 2 from the model again: the probe ranks above
        // both, against the model's order, so the study is dropped at 3 observations and the rest of the design follows.
        Assert.Equal([1], study.Trials.Where(t => t.SystemAttrs.ContainsKey(GpSampler.ProbeAttr)).Select(t => t.Number));
        var design = study.Trials.Where(t => t.SystemAttrs.ContainsKey(GpSampler.DesignAttr)).Select(t => t.Number).ToList();
        Assert.Equal(Enumerable.Range(3, 9), design);
        Assert.Equal(0.0, Weights(study.Trials[^1])["unrelated"]);
        Assert.True(study.BestValue < 1.01, $"best {study.BestValue}");
    }

    [Fact]
    public void GaussianCopulaMapsEmpiricalQuantilesToNormalOnes()
    {
        // n = 4: δ = 1 / (4 · 4^¼ · √(π ln 4)) = 0.0847; the CDF shares 4/4 (winsorised to 1 − δ), 1/4, 3/4 and 3/4 (a tie).
        double[] expected = [1.3740853470539531, -0.6744897501960817, 0.6744897501960817, 0.6744897501960817];
        var z = GpSampler.GaussianCopula([3, 1, 2, 2]);
        for (var i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], z[i], 1e-12);
        // Only ranks matter: another scale, or one huge value, maps alike.
        Assert.Equal(z, GpSampler.GaussianCopula([7, 3, 5, 5]));
        Assert.Equal(z, GpSampler.GaussianCopula([1e12, 1, 2, 2]));
        Assert.Equal([0.0], GpSampler.GaussianCopula([5]));
    }

    [Fact]
    public void CopulaTransferFromARelatedStudyOfAnotherScaleSpeedsUpTheRun()
    {
        var storage = new InMemoryStorage();
        // The earlier study's optimum is near the new one's, its values on another scale with a wall of huge ones.
        AddSourceStudy(storage, "related", (x, y) => 100 * Bowl(x, y, 0.3, 0.6) + (x > 0.9 ? 1e6 : 50), seed: 1);
        Study Run(WarmStart? warm)
        {
            var study = Study.Create(warm is null ? "cold" : "warm", new StudyOptions
            {
                Storage = storage,
                Sampler = new GpSampler(new GpSamplerOptions { Seed = 11, Transfer = TransferMethod.GaussianCopula }),
                WarmStartFrom = warm,
            });
            study.Optimize(t => 3 * Bowl(t.SuggestFloat("x", 0, 1), t.SuggestFloat("y", 0, 1), 0.33, 0.62) + 1, trials: 12);
            return study;
        }
        var cold = Run(null);
        var warm = Run(WarmStart.From("related"));
        var warmBestAfter3 = warm.Trials.Take(3).Min(t => t.Value!.Value);
        var coldBest = cold.Trials.Min(t => t.Value!.Value);
        Assert.True(warmBestAfter3 < 1.01, $"warm best after 3 trials {warmBestAfter3}");
        Assert.True(warmBestAfter3 < coldBest, $"warm best after 3 trials {warmBestAfter3}, cold after 12 {coldBest}");
        // The earlier study stays in the prior at full weight, and no trial is spent on a probe, which only the ranking test uses.
        Assert.Equal(1.0, Weights(warm.Trials[^1])["related"]);
        Assert.DoesNotContain(warm.Trials, t => t.SystemAttrs.ContainsKey(GpSampler.ProbeAttr));
        Assert.False(cold.Trials[^1].SystemAttrs.ContainsKey(GpSampler.WeightsAttr));
    }

    [Fact]
    public void AutoTakesEarlierStudiesOverTheSameParameters()
    {
        var storage = new InMemoryStorage();
        AddSourceStudy(storage, "same-params", (x, y) => Bowl(x, y, 0.3, 0.6), seed: 1);
        var other = Study.Create("other-params", new StudyOptions { Storage = storage, Sampler = new RandomSampler(2) });
        other.Optimize(t => t.SuggestFloat("z", 0, 1), trials: 5);
        var study = Target(storage, WarmStart.Auto, trials: 3);
        Assert.Equal(["same-params"], Weights(study.Trials[^1]).Keys);
    }

    [Fact]
    public void FromAnotherStorage()
    {
        var archive = new InMemoryStorage();
        AddSourceStudy(archive, "archived", (x, y) => Bowl(x, y, 0.8, 0.2), seed: 1);
        var first = Target(new InMemoryStorage(), WarmStart.From(archive, "archived"), trials: 1).Trials[0];
        Assert.InRange((double)first.Params["x"], 0.7, 0.9);
        Assert.InRange((double)first.Params["y"], 0.1, 0.3);
    }

    [Fact]
    public void MissingOrSelfReferenceIsAClearError()
    {
        var storage = new InMemoryStorage();
        AddSourceStudy(storage, "known", (x, y) => x, seed: 1);
        var missing = Assert.Throws<KeyNotFoundException>(() => Target(storage, WarmStart.From("nope"), 1));
        Assert.Contains("'nope'", missing.Message);
        Assert.Contains("'known'", missing.Message);
        var self = Assert.Throws<ArgumentException>(() =>
            Study.CreateOrLoad("known", new StudyOptions { Storage = storage, WarmStartFrom = WarmStart.From("known") }));
        Assert.Contains("itself", self.Message);
        Assert.Throws<ArgumentException>(() => WarmStart.From());
        Assert.Throws<ArgumentException>(() => WarmStart.From(" "));
    }
}
