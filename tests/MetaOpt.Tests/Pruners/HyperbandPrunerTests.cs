using MetaOpt.Pruners;

namespace MetaOpt.Tests.Pruners;

public class HyperbandPrunerTests
{
    // Study "hyperband", r = 1, R = 4, η = 2: 3 brackets with budgets 4, 3, 3. Brackets of trials 0..19, from
    // Python's zlib.crc32(f"hyperband_{n}".encode()) % 10 as Optuna computes them:
    private static readonly int[] OptunaBrackets = [0, 2, 0, 0, 2, 2, 1, 0, 1, 1, 2, 0, 2, 0, 1, 1, 0, 0, 0, 2];

    private static HyperbandPruner R4() => new(new HyperbandPrunerOptions { MinResource = 1, MaxResource = 4, ReductionFactor = 2 });

    [Theory]
    [InlineData(1, 27, 3, 4)]
    [InlineData(1, 81, 3, 5)]
    [InlineData(1, 243, 3, 6)] // Optuna's floating-point log gives 5 here
    [InlineData(1, 100, 3, 5)]
    [InlineData(3, 100, 3, 4)]
    [InlineData(1, 1000, 10, 4)]
    [InlineData(2, 7, 2, 2)]
    [InlineData(5, 5, 3, 1)]
    public void BracketCountIsFloorLogEtaOfMaxOverMinPlusOne(int min, int max, int eta, int expected) =>
        Assert.Equal(expected, HyperbandPruner.BracketCount(min, max, eta));

    [Fact]
    public void AssignsBracketsAsOptunaDoes()
    {
        var study = PrunerHistory.NewStudy(R4(), name: "hyperband");
        Assert.Equal(OptunaBrackets, Enumerable.Range(0, 20).Select(n => R4().BracketOf(study, n)!.Value));
        // 4 brackets with budgets 27, 12, 6, 4 (r = 1, R = 27, η = 3); from zlib.crc32(f"hb_{n}".encode()) % 49.
        var other = PrunerHistory.NewStudy(R4(), name: "hb");
        var pruner = new HyperbandPruner(new HyperbandPrunerOptions { MinResource = 1, MaxResource = 27, ReductionFactor = 3 });
        Assert.Equal([0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 3, 0], Enumerable.Range(0, 12).Select(n => pruner.BracketOf(other, n)!.Value));
    }

    [Fact]
    public void Crc32MatchesTheStandardCheckValue() =>
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));

    // Each trial reports one constant value at steps 0..4. Bracket b is successive halving with s = b:
    // bracket 0 has rungs at steps 1, 2, 4; bracket 1 at 2, 4; bracket 2 at 4.
    //   trial  bracket  value  decision
    //   0      0        10     alone at every rung -> complete
    //   1      2        0      alone at step 4 -> complete (records completed_rung_0 = 0)
    //   2      0        9      rung 0 {9, 10}: promoted ... complete. Against trial 1's 0 it would be pruned at 1.
    //   3      0        11     rung 0 {9, 10, 11}, idx 0 -> pruned at 1
    //   4      2        5      first check at step 4: {0, 5} -> pruned at 4
    //   5      2        -1     {-1, 0, 5} -> complete
    //   6      1        20     alone in bracket 1: survives steps 1 and 2, complete despite the worst value
    private static readonly double[] Values = [10, 0, 9, 11, 5, -1, 20];
    private static readonly int?[] PrunedAt = [null, null, null, 1, 4, null, null];

    [Fact]
    public void ComparesTrialsOnlyWithinTheirBracket()
    {
        var study = PrunerHistory.NewStudy(R4(), name: "hyperband");
        Assert.Equal(PrunedAt, PrunerHistory.RunConstants(study, 4, Values));
        Assert.Equal(OptunaBrackets[..7], study.Trials.Select(t => (int)t.SystemAttrs[HyperbandPruner.BracketAttr]));
        Assert.Equal(0.0, study.Trials[1].SystemAttrs[SuccessiveHalvingPruner.RungKey(0)]);
    }

    [Fact]
    public void MaximizeMirrorsMinimize()
    {
        var study = PrunerHistory.NewStudy(R4(), Direction.Maximize, name: "hyperband");
        Assert.Equal(PrunedAt, PrunerHistory.RunConstants(study, 4, Values.Select(v => -v).ToArray()));
    }

    [Fact]
    public void AReloadedStudyMakesTheSameDecisions()
    {
        var storage = new InMemoryStorage();
        var first = PrunerHistory.NewStudy(R4(), name: "hyperband", storage: storage);
        var before = PrunerHistory.RunConstants(first, 4, Values[..3]);
        var reloaded = Study.Load("hyperband", new StudyOptions { Storage = storage, Pruner = R4() });
        var after = PrunerHistory.RunConstants(reloaded, 4, Values[3..]);
        Assert.Equal(PrunedAt, before.Concat(after));
    }

    [Fact]
    public void AutomaticMaxResourceComesFromTheFirstCompletedTrial()
    {
        var pruner = new HyperbandPruner(new HyperbandPrunerOptions { MinResource = 1, ReductionFactor = 2 });
        var study = PrunerHistory.NewStudy(pruner, name: "hyperband");
        Assert.Null(pruner.BracketOf(study, 0));
        Assert.Null(PrunerHistory.RunConstant(study, 10, 3)); // nothing to compare with yet; last step 3 -> R = 4
        Assert.False(study.Trials[0].SystemAttrs.ContainsKey(HyperbandPruner.BracketAttr));
        PrunerHistory.Complete(study, Enumerable.Repeat(1.0, 100).ToArray()); // a later, longer trial changes nothing
        Assert.Equal(OptunaBrackets, Enumerable.Range(0, 20).Select(n => pruner.BracketOf(study, n)!.Value));
        // Trials 2 and 3 are both in bracket 0 (rung 0 at step 1): {5} promotes 5, {5, 6} prunes 6.
        Assert.Equal([null, 1], PrunerHistory.RunConstants(study, 4, 5, 6));
    }

    [Theory]
    [InlineData(0, null, 3, 0, "MinResource")]
    [InlineData(4, 3, 3, 0, "MaxResource")]
    [InlineData(1, 9, 1, 0, "ReductionFactor")]
    [InlineData(1, 9, 3, -1, "BootstrapCount")]
    public void RejectsBadArgumentsNamingThem(int min, int? max, int eta, int bootstrap, string name)
    {
        var options = new HyperbandPrunerOptions { MinResource = min, MaxResource = max, ReductionFactor = eta, BootstrapCount = bootstrap };
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new HyperbandPruner(options));
        Assert.Equal(name, e.ParamName);
    }

    [Fact]
    public void RejectsBootstrapWithAutomaticMaxResource()
    {
        var e = Assert.Throws<ArgumentException>(() => new HyperbandPruner(new HyperbandPrunerOptions { BootstrapCount = 2 }));
        Assert.Equal("BootstrapCount", e.ParamName);
    }
}
