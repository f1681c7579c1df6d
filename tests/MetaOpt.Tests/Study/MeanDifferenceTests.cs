namespace MetaOpt.Tests;

public class MeanDifferenceTests
{
    private static MeanEstimate Seeded(int[] seeds, double[] values) => MeanEstimate.Of(values.Zip(seeds, (v, s) => (v, (int?)s)));

    // Hand-computed: differences -0.5, -0.2, -0.6, -0.4; mean -0.425, sd 0.170783, t(0.975, 3) = 3.182446, so
    // -0.425 ± 0.271753. Welch's test on the same runs, unpaired, sees only two overlapping spreads (sd 1.49 and 1.51).
    [Fact]
    public void OnCommonSeedsTheDifferenceIsThePairedMeanWithAPairedTInterval()
    {
        var a = Seeded([7, 8, 9, 10], [1.0, 2.0, 3.0, 4.5]);
        var b = Seeded([10, 9, 8, 7], [4.9, 3.6, 2.2, 1.5]);

        var difference = MeanDifference.Of(a, b);

        Assert.Equal((4, true), (difference.Pairs, difference.Paired));
        Assert.Equal(-0.425, difference.Mean, 9);
        Assert.Equal(-0.696753, difference.Low!.Value, 6);
        Assert.Equal(-0.153247, difference.High!.Value, 6);
        Assert.True(difference.ToldApart);
        Assert.True(MeanEstimate.CanTellApart(a, b));
        Assert.Equal("a paired t-test on 4 common seeds", difference.Test);
        Assert.False(MeanEstimate.CanTellApart(MeanEstimate.Of(a.Values), MeanEstimate.Of(b.Values)));
    }

    // Hand-computed Welch interval: Δ = -3, se = √(1/3 + 1/3), df = 4, t(0.975, 4) = 2.776445.
    [Theory]
    [InlineData(new[] { 1, 2, 3 }, new[] { 4, 5, 6 })]   // no seed in common
    [InlineData(new[] { 1, 2, 3 }, new[] { 3, 4, 5 })]   // one, which says nothing of the spread of a difference
    public void WithoutTwoCommonSeedsTheDifferenceIsWelchs(int[] seedsA, int[] seedsB)
    {
        var difference = MeanDifference.Of(Seeded(seedsA, [1.0, 2.0, 3.0]), Seeded(seedsB, [4.0, 5.0, 6.0]));

        Assert.Equal((0, false), (difference.Pairs, difference.Paired));
        Assert.Equal(-3.0, difference.Mean, 9);
        Assert.Equal(-5.266958, difference.Low!.Value, 6);
        Assert.Equal(-0.733042, difference.High!.Value, 6);
        Assert.True(difference.ToldApart);
        Assert.Equal("Welch's test", difference.Test);
    }

    [Fact]
    public void RunsMostlyWithoutPartnersAreComparedByWelchsTestOnAllOfThem()
    {
        // Two common seeds (4 and 5) of five runs each, as in a study confirmed on its own seeds and then given two more shared ones.
        var a = Seeded([1, 2, 3, 4, 5], [1.0, 2.0, 3.0, 4.0, 5.0]);
        var b = Seeded([6, 7, 8, 4, 5], [2.0, 3.0, 4.0, 5.0, 6.0]);

        var difference = MeanDifference.Of(a, b);

        Assert.Equal((0, -1.0), (difference.Pairs, difference.Mean));
        Assert.False(difference.ToldApart);
        Assert.Equal(4, MeanDifference.Of(Seeded([1, 4, 5, 6, 7], a.Values.ToArray()), Seeded([4, 5, 6, 7], [5.0, 6.0, 7.0, 8.0])).Pairs);
    }

    [Fact]
    public void CommonSeedsThatFavourTheMeanBehindDoNotTellTheTwoApart()
    {
        // a's own first run (seed 1) puts its mean behind b's, while on the common seeds 2 to 4 a is ahead by 0.1 each time.
        var a = Seeded([1, 2, 3, 4], [9.0, 1.0, 2.0, 3.0]);
        var b = Seeded([5, 2, 3, 4], [0.0, 1.1, 2.1, 3.1]);

        var difference = MeanDifference.Of(a, b);

        Assert.True(a.Mean > b.Mean);
        Assert.Equal(3, difference.Pairs);
        Assert.Equal(-0.1, difference.Mean, 9);
        Assert.True(difference.High < 0);
        Assert.False(difference.ToldApart);
    }

    [Fact]
    public void ASingleUnpairedRunHasNoIntervalAndIsNeverToldApart()
    {
        var difference = MeanDifference.Of(MeanEstimate.Of([0.1]), MeanEstimate.Of([5.0, 5.1, 4.9]));

        Assert.Equal((-4.9, (double?)null, (double?)null, false), (Math.Round(difference.Mean, 9), difference.Low, difference.High, difference.ToldApart));
    }
}
