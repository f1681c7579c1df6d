namespace MetaOpt.Reports.Plots;

/// <summary>The running best objective value over a study's Complete trials, the curve of every history plot.</summary>
internal static class BestSoFar
{
    /// <summary>Trial numbers and the best value up to and including each Complete trial.</summary>
    public static (double[] Numbers, double[] Values) Of(StudySnapshot study)
    {
        var complete = study.CompleteTrials;
        var numbers = new double[complete.Count];
        var values = new double[complete.Count];
        var best = double.NaN;
        for (var i = 0; i < complete.Count; i++)
        {
            var value = complete[i].Value!.Value;
            if (double.IsNaN(best) || study.Direction.IsBetter(value, best))
                best = value;
            numbers[i] = complete[i].Number;
            values[i] = best;
        }
        return (numbers, values);
    }
}
