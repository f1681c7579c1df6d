namespace MetaOpt.Tests;

public sealed class TrialNumberingTests
{
    [Theory]
    [InlineData(new int[0], null)]
    [InlineData(new[] { 2, 0, 1 }, null)]
    [InlineData(new[] { 0, 2, 3 }, "no trial number 1")]
    [InlineData(new[] { 1, 2 }, "no trial number 0")]
    [InlineData(new[] { 0, 1, 1, 3 }, "no trial number 2 and two of number 1")]
    public void ProblemNamesTheFirstMissingNumberAndARepeatInItsPlace(int[] numbers, string? expected) =>
        Assert.Equal(expected, TrialNumbering.Problem(numbers));
}
