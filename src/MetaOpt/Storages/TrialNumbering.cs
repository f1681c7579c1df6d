namespace MetaOpt;

/// <summary>The rule every storage keeps for a study's trial numbers: 0, 1, 2... without a gap or a repeat.</summary>
public static class TrialNumbering
{
    /// <summary>
    /// What breaks the rule in <paramref name="numbers"/> (in any order): "no trial number 3", or "no trial number 3
    /// and two of number 2" where a repeat took its place; null when they keep it.
    /// </summary>
    public static string? Problem(IEnumerable<int> numbers)
    {
        var expected = 0;
        foreach (var number in numbers.Order())
        {
            if (number != expected)
                return $"no trial number {expected}" + (number < expected ? $" and two of number {number}" : "");
            expected++;
        }
        return null;
    }
}
