using System.Globalization;
using MetaOpt.Launcher.Cli;

namespace MetaOpt.Launcher.Commands.Best;

/// <summary>Repeated configurations in words, for <c>show</c> and for the end of a confirming <c>run</c> or <c>confirm</c>.</summary>
internal static class ConfirmationText
{
    /// <summary>
    /// One line per repeated configuration of <paramref name="ranked"/> (best mean first): its mean, 95% interval and
    /// runs; then whether the best can be told apart from the runner-up (Welch's test at 5%). Nothing when none was repeated.
    /// </summary>
    public static IEnumerable<string> Lines(IReadOnlyList<ConfigurationResult> ranked)
    {
        var repeated = ranked.Where(c => c.Repeats > 1).ToList();
        foreach (var configuration in repeated)
            yield return $"  #{Number(configuration)}: mean {Format.Value(configuration.Objective.Mean)}, 95% interval " +
                         $"{Format.Value(configuration.Objective.Low)} to {Format.Value(configuration.Objective.High)}, {configuration.Repeats} runs";
        if (repeated.Count == 0)
            yield break;
        var best = repeated[0];
        if (repeated.Count == 1)
            yield return $"Winner: #{Number(best)} (the only configuration with repeats).";
        else if (MeanEstimate.CanTellApart(best.Objective, repeated[1].Objective))
            yield return $"Winner: #{Number(best)}, better than #{Number(repeated[1])} by Welch's test at 5%.";
        else
            yield return $"Winner: #{Number(best)} by its mean, but it cannot be told apart from #{Number(repeated[1])} " +
                         "(Welch's test at 5%): repeat both more.";
    }

    /// <summary>One line per baseline group: the winner's mean against the best baseline's, and whether they differ.</summary>
    public static IEnumerable<string> BaselineLines(IReadOnlyList<ConfirmedBaselines> comparisons) => comparisons.Select(c =>
        $"  {c.Group} ({c.Compared}): winner {Estimate(c.Winner)} vs {c.Baseline.Label} {Estimate(c.BaselineEstimate)}: " +
        (!c.ToldApart ? "cannot be told apart" : c.WinnerBetter ? "the winner is better" : "the baseline is better") + " (Welch's test at 5%)");

    private static string Estimate(MeanEstimate estimate) =>
        $"{Format.Value(estimate.Mean)} [{Format.Value(estimate.Low)}, {Format.Value(estimate.High)}]";

    private static string Number(ConfigurationResult configuration) => configuration.Configuration.ToString(CultureInfo.InvariantCulture);
}
