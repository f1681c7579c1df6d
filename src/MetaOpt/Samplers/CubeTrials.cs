using System.Globalization;
using MetaOpt.Samplers.Gp;

namespace MetaOpt.Samplers;

/// <summary>
/// What the samplers that move points in the unit cube (particle swarm, Nelder-Mead) share: the searched space (the
/// numeric parameters every complete trial has) and the point a trial stores in a system attribute.
/// </summary>
internal static class CubeTrials
{
    /// <summary>Optuna's intersection search space without its categorical parameters, which go to an independent sampler.</summary>
    public static IReadOnlyDictionary<string, Distribution> NumericIntersection(Study study) =>
        GpSampler.Intersection(study.GetTrials(TrialState.Complete).Select(t => t.Distributions))
            .Where(kv => kv.Value is not CategoricalDistribution)
            .ToDictionary();

    /// <summary>
    /// One trial's relative sample: the point <paramref name="propose"/> picks in the cube, with the trial's enqueued
    /// values put in, its system attributes and the point (under <paramref name="pointAttr"/>) stored, mapped back onto
    /// the parameters. Picked and stored under <paramref name="gate"/>, so two workers of a process never take the
    /// same particle or query.
    /// </summary>
    public static IReadOnlyDictionary<string, double> Propose(
        Study study, FrozenTrial trial, IReadOnlyDictionary<string, Distribution> searchSpace, object gate, string pointAttr,
        Func<UnitCubeSpace, (double[] X, IEnumerable<(string Key, object Value)> Attributes)> propose)
    {
        if (searchSpace.Count == 0)
            return new Dictionary<string, double>();
        var space = new UnitCubeSpace(searchSpace);
        double[] x;
        lock (gate)
        {
            (x, var attributes) = propose(space);
            ApplyFixed(trial, space, x);
            foreach (var (key, value) in attributes)
                study.SetTrialSystemAttr(trial.Id, key, value);
            study.SetTrialSystemAttr(trial.Id, pointAttr, Format(x));
        }
        return Enumerable.Range(0, space.Dimensions).ToDictionary(j => space.Names[j], j => space.FromUnit(j, x[j]));
    }

    /// <summary>A point as stored: its coordinates, round-trip formatted, separated by semicolons.</summary>
    public static string Format(IEnumerable<double> point) =>
        string.Join(";", point.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));

    /// <summary>The point a trial stored under <paramref name="attr"/>; null when it has none of that many coordinates.</summary>
    public static double[]? Point(FrozenTrial trial, string attr, int dimensions)
    {
        if (trial.SystemAttrs.GetValueOrDefault(attr) is not string text)
            return null;
        var parts = text.Split(';');
        return parts.Length == dimensions ? parts.Select(p => double.Parse(p, CultureInfo.InvariantCulture)).ToArray() : null;
    }

    /// <summary>Whether the trial was drawn over this space: every parameter with the same distribution.</summary>
    public static bool InSpace(FrozenTrial trial, UnitCubeSpace space) =>
        Enumerable.Range(0, space.Dimensions).All(j =>
            trial.Distributions.TryGetValue(space.Names[j], out var d) && d.Equals(space.Distributions[j]));

    /// <summary>Whether the trial counts for a sampler over this space: a finished one drawn over it, or an unfinished
    /// one, which may not have suggested its parameters yet but was given a point of the space it was sampled in.</summary>
    public static bool Counts(FrozenTrial trial, UnitCubeSpace space) => !trial.State.IsFinished() || InSpace(trial, space);

    /// <summary>An integer a trial stored under <paramref name="attr"/>; null when it has none.</summary>
    public static int? Int(FrozenTrial trial, string attr) =>
        trial.SystemAttrs.TryGetValue(attr, out var value) ? Convert.ToInt32(value, CultureInfo.InvariantCulture) : null;

    /// <summary>The value to minimise of a complete trial with a finite value; null otherwise.</summary>
    public static double? Loss(FrozenTrial trial, Direction direction) =>
        trial.State == TrialState.Complete && trial.Value is { } v && double.IsFinite(v) ? direction.Sign() * v : null;

    /// <summary>Moves the coordinates of the trial's enqueued parameters onto their values: an enqueued value is what
    /// the trial evaluates, so it is the point the sampler learns from.</summary>
    public static void ApplyFixed(FrozenTrial trial, UnitCubeSpace space, double[] x)
    {
        var fixedParams = trial.FixedParams;
        for (var j = 0; j < space.Dimensions; j++)
        {
            if (!fixedParams.TryGetValue(space.Names[j], out var value))
                continue;
            try
            {
                x[j] = space.ToUnit(j, space.Distributions[j].ToInternal(value));
            }
            catch (ArgumentException)
            {
                // A value its distribution refuses is left to the trial to report.
            }
        }
    }
}
