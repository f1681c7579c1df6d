namespace MetaOpt.Importance;

/// <summary>
/// The completed trials as a design matrix for the forest: one column per parameter in the space the samplers see
/// (log for log-scaled parameters, the index for categoricals), with the column's bounds.
/// </summary>
/// <remarks>
/// A conditional parameter, absent from some trials, gets an extra "inactive" cell below its range whose width is
/// chosen so that its share of the column's measure equals the share of trials where the parameter was inactive.
/// fANOVA's marginals then average over "inactive" as often as the study actually saw it.
/// </remarks>
internal sealed class ImportanceDataset
{
    private ImportanceDataset(string[] names, double[][] rows, double[] values, double[] lower, double[] activeLower, double[] upper)
    {
        Names = names;
        Rows = rows;
        Values = values;
        Lower = lower;
        ActiveLower = activeLower;
        Upper = upper;
    }

    /// <summary>Parameter names, one per column.</summary>
    public string[] Names { get; }

    /// <summary>One row of transformed parameter values per trial.</summary>
    public double[][] Rows { get; }

    /// <summary>The objective value of each row.</summary>
    public double[] Values { get; }

    /// <summary>Lower bound of each column, including the inactive cell of a conditional parameter.</summary>
    public double[] Lower { get; }

    /// <summary>Lower bound of each column's active range; equals <see cref="Lower"/> for unconditional parameters.</summary>
    public double[] ActiveLower { get; }

    /// <summary>Upper bound of each column.</summary>
    public double[] Upper { get; }

    /// <summary>Builds the matrix; parameters that cannot be ranked are left out with a reason in <paramref name="notes"/>.</summary>
    public static ImportanceDataset Build(IReadOnlyList<FrozenTrial> trials, IReadOnlyCollection<string>? parameters, List<string> notes)
    {
        var candidates = parameters?.Distinct().ToList()
            ?? trials.SelectMany(t => t.Params.Keys).Distinct().OrderBy(n => n, StringComparer.Ordinal).ToList();
        var columns = new List<(string Name, double[] Column, double Lower, double ActiveLower, double Upper)>();
        foreach (var name in candidates)
        {
            if (TryBuildColumn(trials, name, notes) is { } column)
                columns.Add((name, column.Values, column.Lower, column.ActiveLower, column.Upper));
        }
        var rows = Enumerable.Range(0, trials.Count).Select(r => columns.Select(c => c.Column[r]).ToArray()).ToArray();
        return new ImportanceDataset(
            columns.Select(c => c.Name).ToArray(),
            rows,
            trials.Select(t => t.Value!.Value).ToArray(),
            columns.Select(c => c.Lower).ToArray(),
            columns.Select(c => c.ActiveLower).ToArray(),
            columns.Select(c => c.Upper).ToArray());
    }

    private static (double[] Values, double Lower, double ActiveLower, double Upper)? TryBuildColumn(
        IReadOnlyList<FrozenTrial> trials, string name, List<string> notes)
    {
        var present = trials.Where(t => t.Params.ContainsKey(name) && t.Distributions.ContainsKey(name)).ToList();
        if (present.Count == 0)
        {
            notes.Add($"'{name}' was left out: no usable trial has it.");
            return null;
        }
        if (Scale.Of(present.Select(t => t.Distributions[name]).ToList()) is not { } scale)
        {
            notes.Add($"'{name}' was left out: its trials disagree on its kind (categorical choices or log scale differ).");
            return null;
        }
        var active = present.Select(t => scale.Transform(t.InternalParam(name))).ToList();
        if (present.Count == trials.Count && active.All(v => v == active[0]))
            return null; // a parameter that never varied cannot explain any variation
        var lower = Math.Min(scale.Lower, active.Min());
        var upper = Math.Max(scale.Upper, active.Max());
        var inactiveShare = 1 - (double)present.Count / trials.Count;
        var inactiveWidth = (upper - lower) * inactiveShare / (1 - inactiveShare);
        var inactiveValue = lower - inactiveWidth / 2;
        var values = trials.Select(t => t.Params.ContainsKey(name) && t.Distributions.ContainsKey(name)
            ? scale.Transform(t.InternalParam(name))
            : inactiveValue).ToArray();
        return (values, lower - inactiveWidth, lower, upper);
    }

    /// <summary>How a parameter's internal values map onto a forest column, and the column's natural bounds.</summary>
    private sealed record Scale(bool Categorical, bool Log, double Lower, double Upper)
    {
        public double Transform(double internalValue) => Log ? Math.Log(internalValue) : internalValue;

        /// <summary>The common scale of a parameter across trials (ranges may differ between trials), or null if they conflict.</summary>
        public static Scale? Of(IReadOnlyList<Distribution> distributions)
        {
            Scale? merged = null;
            foreach (var distribution in distributions)
            {
                var scale = Single(distribution);
                if (merged is null)
                    merged = scale;
                else if (merged.Log != scale.Log || merged.Categorical != scale.Categorical
                         || (scale.Categorical && !distribution.Equals(distributions[0])))
                    return null;
                else
                    merged = merged with { Lower = Math.Min(merged.Lower, scale.Lower), Upper = Math.Max(merged.Upper, scale.Upper) };
            }
            return merged;
        }

        // Integers and categories own the half-step around each value, so every value gets the same measure.
        private static Scale Single(Distribution distribution) => distribution switch
        {
            FloatDistribution { Log: true } f => new Scale(false, true, Math.Log(f.Low), Math.Log(f.High)),
            FloatDistribution f => new Scale(false, false, f.Low, f.High),
            IntDistribution { Log: true } i => new Scale(false, true, Math.Log(i.Low - 0.5), Math.Log(i.High + 0.5)),
            IntDistribution i => new Scale(false, false, i.Low - i.Step / 2.0, i.High + i.Step / 2.0),
            CategoricalDistribution c => new Scale(true, false, -0.5, c.Choices.Count - 0.5),
            _ => throw new NotSupportedException($"Parameter importance does not know the distribution {distribution.GetType().Name}."),
        };
    }
}
