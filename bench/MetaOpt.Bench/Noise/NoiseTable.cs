namespace MetaOpt.Bench.Noise;

/// <summary>
/// One study seed's line of the <c>noise</c> benchmark, from a confirmed study's configurations: the confirmed
/// winner, the unconfirmed pick (the best first run) and the best test baseline, each by its mean test value over its
/// runs, and how well the confirmed order and the single-run order of the confirmed configurations predict their
/// test order (Kendall's tau).
/// </summary>
/// <param name="Winner">The confirmed winner (<see cref="ConfigurationResult.Winner"/>).</param>
/// <param name="WinnerTest">Its mean test value over its runs.</param>
/// <param name="Pick">The configuration whose first run was the best: what a study without confirmation declares.</param>
/// <param name="PickTest">Its mean test value over its runs.</param>
/// <param name="Baseline">The best test baseline by its mean, against the winner (<see cref="ConfirmedBaselines"/>).</param>
/// <param name="TauConfirmed">Kendall's tau-b between the confirmed configurations' mean objective and mean test value.</param>
/// <param name="TauSingle">Kendall's tau-b between their first run's objective and their mean test value.</param>
/// <param name="Confirmed">How many configurations were confirmed (evaluated more than once).</param>
internal sealed record NoiseTable(
    ConfigurationResult Winner, MeanEstimate WinnerTest, ConfigurationResult Pick, MeanEstimate PickTest,
    ConfirmedBaselines Baseline, double TauConfirmed, double TauSingle, int Confirmed)
{
    /// <summary>
    /// The line for a confirmed study. Both orders rank by the objective in the study's direction and the test order
    /// by the test metric in <paramref name="testDirection"/>, so a tau of 1 means the order predicts the test order exactly.
    /// </summary>
    /// <param name="configurations">The study's configurations (<see cref="Study.Configurations"/>).</param>
    /// <param name="studyAttrs">The study's user attributes: its declared baselines and stored baseline runs.</param>
    /// <param name="testMetric">The user attribute holding each trial's test value.</param>
    /// <exception cref="InvalidOperationException">Fewer than two configurations were confirmed, one lacks the test value, or the study has no test baseline runs.</exception>
    public static NoiseTable Of(IReadOnlyList<ConfigurationResult> configurations, Direction direction, Direction testDirection,
        IReadOnlyDictionary<string, object> studyAttrs, string testMetric, string testGroup)
    {
        ArgumentNullException.ThrowIfNull(configurations);
        var confirmed = configurations.Where(c => c.Repeats > 1).ToList();
        if (confirmed.Count < 2)
            throw new InvalidOperationException($"The study has {confirmed.Count} confirmed configurations; the orders need at least 2.");
        var tests = confirmed.Select(c => c.Metric(testMetric)
            ?? throw new InvalidOperationException($"Configuration #{c.Configuration} has no '{testMetric}'.")).ToList();
        var winner = ConfigurationResult.Winner(configurations)!;
        // Trials are ordered by repeat index: Trials[0] is the first run, the one a study without confirmation judges.
        var sign = direction.Sign();
        var pick = confirmed.MinBy(c => sign * c.Trials[0].Value!.Value)!;
        var baseline = ConfirmedBaselines.Of(studyAttrs, direction, winner).FirstOrDefault(b => b.Group == testGroup)
            ?? throw new InvalidOperationException($"The study has no runs of its '{testGroup}' baselines.");
        var testSign = testDirection.Sign();
        var testOrder = tests.Select(t => testSign * t.Mean).ToList();
        return new NoiseTable(
            winner, winner.Metric(testMetric)!, pick, pick.Metric(testMetric)!, baseline,
            KendallTau(confirmed.Select(c => sign * c.Objective.Mean).ToList(), testOrder),
            KendallTau(confirmed.Select(c => sign * c.Trials[0].Value!.Value).ToList(), testOrder),
            confirmed.Count);
    }

    /// <summary>
    /// Kendall's tau-b of two paired samples: (concordant - discordant) / sqrt((n0 - ties in x)(n0 - ties in y)), with
    /// n0 = n(n - 1)/2 pairs; a pair tied in either sample is neither concordant nor discordant. 1 when the orders agree,
    /// -1 when one is the other reversed.
    /// </summary>
    /// <exception cref="ArgumentException">The samples differ in length, have fewer than 2 items, or one is constant (tau undefined).</exception>
    public static double KendallTau(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count || x.Count < 2)
            throw new ArgumentException($"Kendall's tau needs two samples of one length of at least 2, got {x.Count} and {y.Count}.");
        long concordant = 0, discordant = 0, tiedX = 0, tiedY = 0, pairs = 0;
        for (var i = 0; i < x.Count; i++)
            for (var j = i + 1; j < x.Count; j++)
            {
                pairs++;
                var dx = Math.Sign(x[i] - x[j]);
                var dy = Math.Sign(y[i] - y[j]);
                if (dx == 0)
                    tiedX++;
                if (dy == 0)
                    tiedY++;
                if (dx * dy > 0)
                    concordant++;
                else if (dx * dy < 0)
                    discordant++;
            }
        if (tiedX == pairs || tiedY == pairs)
            throw new ArgumentException("Kendall's tau is undefined when a sample is constant.");
        return (concordant - discordant) / Math.Sqrt((double)(pairs - tiedX) * (pairs - tiedY));
    }
}
