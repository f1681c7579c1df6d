using System.Globalization;
using MetaOpt.Launcher.Cli;

namespace MetaOpt.Launcher.Commands.Best;

/// <summary>Repeated configurations in words, for <c>show</c>, the end of every <c>run</c> and of <c>confirm</c>.</summary>
internal static class ConfirmationText
{
    /// <summary>
    /// One line per repeated configuration of <paramref name="ranked"/> (best mean first): its mean, 95% interval and
    /// runs; then the winner (<see cref="ConfigurationResult.Winner"/>, as <c>best</c> names it) and whether it can be
    /// told apart from the best other repeated configuration (paired on their common seeds, else Welch's test, at
    /// 5%), with the interval of their difference. Nothing when none was repeated.
    /// </summary>
    public static IEnumerable<string> Lines(IReadOnlyList<ConfigurationResult> ranked)
    {
        var repeated = ranked.Where(c => c.Repeats > 1).ToList();
        foreach (var configuration in repeated)
            yield return $"  #{Number(configuration)}: {Describe(configuration)}";
        if (ConfigurationResult.Winner(ranked) is not { Repeats: > 1 } best)
            yield break;
        if (ConfigurationResult.RunnerUp(ranked, best) is not { } runnerUp)
        {
            yield return $"Winner: #{Number(best)} (the only configuration with repeats).";
            yield break;
        }
        var difference = MeanDifference.Of(best.Objective, runnerUp.Objective);
        var by = $"difference {Difference(difference)}, {difference.Test} at 5%";
        // An intensifying study's incumbent has the most runs, not always the best mean (ConfigurationResult.Winner).
        yield return repeated[0] != best
            ? $"Winner: #{Number(best)}, the incumbent (most runs); #{Number(runnerUp)} has a better mean over fewer runs ({by})."
            : difference.ToldApart
                ? $"Winner: #{Number(best)}, better than #{Number(runnerUp)} ({by})."
                : $"Winner: #{Number(best)} by its mean, but it cannot be told apart from #{Number(runnerUp)} ({by}): repeat both more.";
    }

    /// <summary>
    /// The closing line of a run whose configurations have more than one run: the winner as <c>metaopt best</c> names
    /// it (<see cref="ConfigurationResult.Winner"/>), with its mean, interval and runs, and its parameters.
    /// </summary>
    public static string WinnerLine(ConfigurationResult winner) =>
        $"Winner #{Number(winner)}: {Describe(winner)}: {Format.Params(winner.Params)}";

    /// <summary>One line per baseline group: the winner's mean against the best baseline's, their difference, and whether they differ.</summary>
    public static IEnumerable<string> BaselineLines(IReadOnlyList<ConfirmedBaselines> comparisons) => comparisons.Select(c =>
        $"  {c.Group} ({c.Compared}): winner {Estimate(c.Winner)} vs {c.Baseline.Label} {Estimate(c.BaselineEstimate)}, " +
        $"difference {Difference(c.Difference)}: " +
        (!c.ToldApart ? "cannot be told apart" : c.WinnerBetter ? "the winner is better" : "the baseline is better") + $" ({c.Difference.Test} at 5%)");

    private static string Describe(ConfigurationResult configuration) =>
        $"mean {Format.Value(configuration.Objective.Mean)}, 95% interval " +
        $"{Format.Value(configuration.Objective.Low)} to {Format.Value(configuration.Objective.High)}, {configuration.Repeats} runs";

    private static string Estimate(MeanEstimate estimate) =>
        $"{Format.Value(estimate.Mean)} [{Format.Value(estimate.Low)}, {Format.Value(estimate.High)}]";

    private static string Difference(MeanDifference difference) =>
        $"{Format.Value(difference.Mean)} [{Format.Value(difference.Low)}, {Format.Value(difference.High)}]";

    private static string Number(ConfigurationResult configuration) => configuration.Configuration.ToString(CultureInfo.InvariantCulture);
}
