namespace MetaOpt.Tests.Pruners;

/// <summary>
/// The pruners' options objects: the defaults live in them, a setting out of range is refused naming it and its
/// range, and each obsolete Optuna-style constructor builds the pruner its options would.
/// </summary>
public class PrunerOptionsTests
{
    public static TheoryData<Func<IPruner>, string, string> BadSettings => new()
    {
        { () => new MedianPruner(new PercentilePrunerOptions { StartupTrials = -1 }), "StartupTrials", "greater than or equal to '0'" },
        { () => new PercentilePruner(25, new PercentilePrunerOptions { WarmupSteps = -1 }), "WarmupSteps", "greater than or equal to '0'" },
        { () => new PercentilePruner(25, new PercentilePrunerOptions { IntervalSteps = 0 }), "IntervalSteps", "greater than or equal to '1'" },
        { () => new MedianPruner(new PercentilePrunerOptions { MinTrials = 0 }), "MinTrials", "greater than or equal to '1'" },
        { () => new SuccessiveHalvingPruner(new SuccessiveHalvingPrunerOptions { MinResource = 0 }), "MinResource", ">= 1, or null" },
        { () => new SuccessiveHalvingPruner(new SuccessiveHalvingPrunerOptions { ReductionFactor = 1 }), "ReductionFactor", "greater than or equal to '2'" },
        { () => new SuccessiveHalvingPruner(new SuccessiveHalvingPrunerOptions { MinEarlyStoppingRate = -1 }), "MinEarlyStoppingRate", "greater than or equal to '0'" },
        { () => new HyperbandPruner(new HyperbandPrunerOptions { MinResource = 0 }), "MinResource", "greater than or equal to '1'" },
        { () => new HyperbandPruner(new HyperbandPrunerOptions { MinResource = 4, MaxResource = 3 }), "MaxResource", ">= MinResource (4)" },
        { () => new HyperbandPruner(new HyperbandPrunerOptions { BootstrapCount = -1 }), "BootstrapCount", "greater than or equal to '0'" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void ASettingOutOfRangeIsRefusedNamingItAndItsRange(Func<IPruner> create, string name, string range)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(create);

        Assert.Equal(name, e.ParamName);
        Assert.Contains(range, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheMedianAndPercentilePrunersShareOneSetOfDefaults()
    {
        var median = new MedianPruner();
        var percentile = new PercentilePruner(25);

        Assert.Equal((5, 0, 1, 1), (median.StartupTrials, median.WarmupSteps, median.IntervalSteps, median.MinTrials));
        Assert.Equal((5, 0, 1, 1), (percentile.StartupTrials, percentile.WarmupSteps, percentile.IntervalSteps, percentile.MinTrials));
    }

#pragma warning disable CS0618 // The obsolete constructors and properties are what this test compares with.
    [Fact]
    public void TheObsoleteConstructorsBuildThePrunersTheirOptionsWould()
    {
        var median = new MedianPruner(nStartupTrials: 2, nWarmupSteps: 3, intervalSteps: 4, nMinTrials: 5);
        var percentile = new PercentilePruner(25, nStartupTrials: 2, nWarmupSteps: 3, intervalSteps: 4, nMinTrials: 5);
        var halving = new SuccessiveHalvingPruner(minResource: 2, reductionFactor: 3, minEarlyStoppingRate: 1, bootstrapCount: 4);
        var hyperband = new HyperbandPruner(minResource: 2, maxResource: 50, reductionFactor: 3, bootstrapCount: 4);

        Assert.Equal((2, 3, 4, 5), (median.StartupTrials, median.WarmupSteps, median.IntervalSteps, median.MinTrials));
        Assert.Equal((25.0, 2, 3, 4, 5), (percentile.Percentile, percentile.NStartupTrials, percentile.NWarmupSteps, percentile.IntervalSteps, percentile.NMinTrials));
        Assert.Equal((2, 3, 1, 4), (halving.MinResource, halving.ReductionFactor, halving.MinEarlyStoppingRate, halving.BootstrapCount));
        Assert.Equal((2, 50, 3, 4), (hyperband.MinResource, hyperband.MaxResource, hyperband.ReductionFactor, hyperband.BootstrapCount));
    }
#pragma warning restore CS0618
}
