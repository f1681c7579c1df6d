namespace MetaOpt.Tests;

public class DirectionExtensionsTests
{
    [Theory]
    [InlineData(Direction.Minimize, 1.0, 2.0, true)]
    [InlineData(Direction.Minimize, 2.0, 1.0, false)]
    [InlineData(Direction.Minimize, 1.0, 1.0, false)]
    [InlineData(Direction.Minimize, double.NegativeInfinity, -1e308, true)]
    [InlineData(Direction.Maximize, 2.0, 1.0, true)]
    [InlineData(Direction.Maximize, 1.0, 2.0, false)]
    [InlineData(Direction.Maximize, 1.0, 1.0, false)]
    [InlineData(Direction.Maximize, double.PositiveInfinity, 1e308, true)]
    [InlineData(Direction.Minimize, double.NaN, 1.0, false)]
    [InlineData(Direction.Minimize, 1.0, double.NaN, false)]
    [InlineData(Direction.Maximize, double.NaN, 1.0, false)]
    [InlineData(Direction.Maximize, 1.0, double.NaN, false)]
    public void IsBetterStrictInTheDirectionTiesAndNaNNeverBetter(Direction direction, double value, double than, bool better)
    {
        Assert.Equal(better, direction.IsBetter(value, than));
        var study = Study.Create("s", new StudyOptions { Direction = direction });
        Assert.Equal(better, study.IsBetter(value, than));
    }

    [Theory]
    [InlineData(Direction.Minimize, 1.0)]
    [InlineData(Direction.Maximize, -1.0)]
    public void SignTurnsAValueIntoALoss(Direction direction, double sign) => Assert.Equal(sign, direction.Sign());

    [Theory]
    [InlineData(Direction.Minimize, new[] { 3.0, -1.0, 2.0 }, -1.0)]
    [InlineData(Direction.Maximize, new[] { 3.0, -1.0, 2.0 }, 3.0)]
    // Enumerable's NaN rules, as the pruners and `list` have always had them: Min returns a NaN, Max passes it over.
    [InlineData(Direction.Minimize, new[] { 1.0, double.NaN, 3.0 }, double.NaN)]
    [InlineData(Direction.Maximize, new[] { 1.0, double.NaN, 3.0 }, 3.0)]
    public void BestIsTheMinimumOrMaximum(Direction direction, double[] values, double best) =>
        Assert.Equal(best, direction.Best(values));

    [Fact]
    public void BestOfNoValuesThrows() => Assert.Throws<InvalidOperationException>(() => Direction.Minimize.Best([]));

    [Theory]
    [InlineData(Direction.Minimize, 1)]
    [InlineData(Direction.Maximize, 0)]
    public void BestByPicksTheFirstOfEqualBestKeys(Direction direction, int expected)
    {
        var items = new (int Number, double? Value)[] { (0, 5.0), (1, 1.0), (2, 1.0), (3, 5.0) };
        Assert.Equal(expected, direction.BestBy(items, i => i.Value).Number);
    }

    [Theory]
    [InlineData(Direction.Minimize, 1)]
    [InlineData(Direction.Maximize, 0)]
    public void BestTrialFirstOfTheBestInTheDirection(Direction direction, int expected)
    {
        var study = Study.Create("s", new StudyOptions { Direction = direction });
        foreach (var value in new[] { 5.0, 1.0, 1.0, 5.0 })
            study.Tell(study.Ask(), value);
        Assert.Equal(expected, study.BestTrial.Number);
    }
}
