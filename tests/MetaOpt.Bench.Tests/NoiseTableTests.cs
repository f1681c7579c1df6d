using MetaOpt.Bench.Noise;
using MetaOpt.TestSupport;

namespace MetaOpt.Bench.Tests;

public class NoiseTableTests
{
    [Theory]
    // 10 pairs, (2,3) and (4,5) swapped: (8 - 2) / 10.
    [InlineData(new[] { 1.0, 2, 3, 4, 5 }, new[] { 1.0, 3, 2, 5, 4 }, 0.6)]
    [InlineData(new[] { 1.0, 2, 3, 4, 5 }, new[] { 50.0, 40, 30, 20, 10 }, -1.0)]
    [InlineData(new[] { 0.3, 0.1, 0.5, 0.2, 0.4 }, new[] { 3.0, 1, 5, 2, 4 }, 1.0)]
    // One tie in each sample, on different pairs: 8 concordant, 0 discordant, 8 / sqrt(9 * 9).
    [InlineData(new[] { 1.0, 2, 2, 3, 4 }, new[] { 1.0, 2, 3, 3, 4 }, 8.0 / 9)]
    public void KendallsTauMatchesTheHandCount(double[] x, double[] y, double expected) =>
        Assert.Equal(expected, NoiseTable.KendallTau(x, y), 12);

    [Theory]
    [InlineData(new[] { 1.0, 1, 1 }, new[] { 1.0, 2, 3 })]
    [InlineData(new[] { 1.0, 2, 3 }, new[] { 1.0, 2 })]
    [InlineData(new[] { 1.0 }, new[] { 1.0 })]
    public void KendallsTauRefusesAConstantSampleOrSamplesItCannotPair(double[] x, double[] y) =>
        Assert.Throws<ArgumentException>(() => NoiseTable.KendallTau(x, y));

    [Fact]
    public void TheConfirmedWinnerThePickOfTheLuckiestFirstRunAndTheBestTestBaselineAreJudgedOnTheirMeans()
    {
        var study = Study.Create("noise", new StudyOptions { Seed = 1, Sampler = new RandomSampler(seed: 1) });
        new StudyDeclarations
        {
            Metrics = [new("test_mae", "test MAE", Direction.Minimize)],
            Baselines = [new("mean_val", "global mean", "validation"), new("ft_test", "fine-tuned", "test", "test_mae"), new("zs_test", "zero-shot", "test", "test_mae")],
        }.Store(study);
        // #0 has the luckiest first run (0.70) but means 0.84 (test 0.87); #1 means 0.76 (test 0.79); #2 0.803333
        // (test 0.83); #3 ran once. Confirmed order #1, #2, #0 is the test order (tau 1); the first runs' order
        // #0, #1, #2 gets two of its three pairs wrong (tau -1/3).
        RepeatedTrials.Add(study,
        [
            (0.1, 0.70, 0.80, null), (0.2, 0.75, 0.78, null), (0.3, 0.80, 0.82, null), (0.4, 0.95, 0.99, null),
            (0, 0.90, 0.90, 0), (0, 0.92, 0.91, 0), (0, 0.76, 0.79, 1), (0, 0.77, 0.80, 1), (0, 0.80, 0.83, 2), (0, 0.81, 0.84, 2),
        ], "test_mae");
        // The validation baseline is better than every configuration: only the test group is compared.
        foreach (var (seed, ft, zs) in new[] { (7, 0.85, 0.90), (8, 0.86, 0.91), (9, 0.87, 0.92) })
            BaselineRuns.Add(study, new BaselineRun(seed, new Dictionary<string, double> { ["mean_val"] = 0.5, ["ft_test"] = ft, ["zs_test"] = zs }));

        var line = NoiseTable.Of(study.Configurations, Direction.Minimize, Direction.Minimize, study.UserAttrs, "test_mae", "test");

        Assert.Equal((1, 3, 0.79), (line.Winner.Configuration, line.WinnerTest.Count, Math.Round(line.WinnerTest.Mean, 12)));
        Assert.Equal((0, 3, 0.87), (line.Pick.Configuration, line.PickTest.Count, Math.Round(line.PickTest.Mean, 12)));
        Assert.Equal(("ft_test", 0.86), (line.Baseline.Baseline.Key, Math.Round(line.Baseline.BaselineEstimate.Mean, 12)));
        Assert.Equal(1.0, line.TauConfirmed, 12);
        Assert.Equal(-1.0 / 3, line.TauSingle, 12);
        Assert.Equal(3, line.Confirmed);
    }

    [Fact]
    public void AStudyWithOneConfirmedConfigurationHasNoOrderToCompare()
    {
        var study = Study.Create("once", new StudyOptions { Seed = 1, Sampler = new RandomSampler(seed: 1) });
        RepeatedTrials.Add(study, [(0.1, 0.1, 0.1, null), (0.2, 0.2, 0.2, null)], "test_mae");

        Assert.Throws<InvalidOperationException>(() => NoiseTable.Of(study.Configurations, Direction.Minimize, Direction.Minimize, study.UserAttrs, "test_mae", "test"));
    }
}
