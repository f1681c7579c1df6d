using MetaOpt.Reports.Summary;

namespace MetaOpt.Reports.Html;

/// <summary>The HTML page of one study's report: the header with settings, best trial, metrics, timing and pruning savings, then the figures.</summary>
internal static class StudyPage
{
    // Enough rows to read the top of a study; the full list is the CSV beside the page, so the page stays small at 10 000 trials.
    private const int TrialRowsShown = 50;

    public static string Build(StudyReport report, IReadOnlyList<RenderedFigure> images, string csvFileName)
    {
        var study = report.Study;
        var summary = StudySummary.Of(study, report.Options);
        var page = new HtmlPage($"MetaOpt report: {study.Name}")
            .Heading(1, $"Convergence report: {study.Name}")
            .Paragraph($"{(study.IsMultiObjective ? "Directions" : "Direction")}: {Directions(study)} · {study.Trials.Count} trials · generated {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC", "subtitle");

        var front = study.IsMultiObjective ? Pareto.Front(ParetoFrontPlot.Valued(study), study.Directions) : [];
        if (summary.Best is null && front.Count == 0)
            page.Paragraph(study.Trials.Count == 0
                ? "This study has no trials yet: run it, then write the report again."
                : "No trial has completed yet, so there is no best configuration; the plots show what the trials reported.", "notice");

        page.Columns(p => p
            .Table("Study settings", ["Setting", "Value"], Settings(study, summary))
            .Table("Trials", ["State", "Count"], summary.CountsByState.Where(kv => kv.Value > 0 || kv.Key == TrialState.Complete)
                .Select(kv => Row(kv.Key.ToString(), kv.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                .Append(Row("Total", study.Trials.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)))));

        // A resumed study may have run with other settings: each run's, so earlier trials are read with theirs.
        if (RunSettingsTable.Of(study.UserAttrs) is { } runs)
            page.Table("Runs of this study, oldest first", runs.Headers, runs.Rows);

        if (front.Count > 0)
        {
            page.Heading(2, $"Pareto front: {front.Count} of {ParetoFrontPlot.Valued(study).Count} complete trials");
            page.Table("Trials no other complete trial dominates, by number",
                ["#", .. Enumerable.Range(0, study.Directions.Count).Select(i => $"Objective {i} ({study.Directions[i]})"), .. study.ParameterNames],
                front.Take(TrialRowsShown).Select(t => (IReadOnlyList<string>)[
                    $"#{t.Number}", .. t.Values!.Select(v => ReportFormat.Value(v)),
                    .. study.ParameterNames.Select(p => t.Params.TryGetValue(p, out var v) ? ReportFormat.Value(v) : "")]));
        }

        if (summary.Best is { } best)
        {
            page.Heading(2, $"Best trial: #{best.Number}");
            page.Columns(p => p
                .Table("Configuration", ["Parameter", "Value"], best.Params.OrderBy(kv => kv.Key, StringComparer.Ordinal)
                    .Select(kv => Row(kv.Key, ReportFormat.Value(kv.Value))))
                .Table(summary.Baselines.Count > 0 ? "Metrics beside the baselines" : "Metrics", ["Metric", "Value", "From"], Metrics(best, summary))
                .Table("Run", ["Attribute", "Value"], RunDetails(best, summary.Declarations)));
            if (Verdict(summary.Comparison, best) is { } verdict)
                page.Paragraph(verdict);
        }

        AddRepeats(page, study);
        AddNoise(page, study);
        AddKeptModels(page, study);

        // Savings in epochs mean something only once a trial trained some: a study of a plain function has none.
        if (summary.EpochsRun > 0)
        {
            page.Heading(2, "Time and pruning");
            page.Columns(p => p
                .Table("Time", ["", "Duration"], Timing(summary))
                .Table("Training the pruner saved", ["", "Epochs"], Savings(summary)));
            page.Paragraph(SavingsSentence(summary));
        }
        else
        {
            page.Heading(2, "Time");
            page.Table("Time", ["", "Duration"], Timing(summary));
            page.Paragraph(study.ReportsSteps
                ? "No trial has finished training yet, so there is nothing to say about pruning."
                : "No trial reported a step (an intermediate value, such as the loss after an epoch), so this report has no pruning savings and no intermediate-values plot.", "notice");
        }

        page.Heading(2, "Plots");
        if (images.Any(i => i.Figure.FileName == ReportPlotAdder.ImportanceFileName))
            page.Paragraph($"Parameter importance method: {report.Importance.Method} (the variance of the forest's prediction " +
                           $"split into each parameter's main effect), fitted on {report.Importance.TrialsUsed} complete trials." +
                           (report.Importance.Note is null ? "" : " " + report.Importance.Note));
        foreach (var note in report.LeftOut)
            page.Paragraph(note, "notice");
        foreach (var image in images)
            page.Figure(image.Figure.Title, image.Figure.Caption, image.Png);

        if (study.Trials.Count > 0)
        {
            var shown = BestTrials(study);
            page.Heading(2, shown.Count < study.Trials.Count ? $"The best {shown.Count} of {study.Trials.Count} trials" : "All trials");
            page.Link($"Every trial ({study.Trials.Count}) as CSV, with its parameters and attributes: ", csvFileName);
            // A column of zeros says nothing: epochs are shown only when some trial trained some.
            var epochs = study.Trials.Any(t => StudySummary.EpochsOf(t) > 0);
            // Under the auto sampler, which of its samplers proposed each trial.
            var sampler = study.Trials.Any(t => t.SystemAttrs.ContainsKey(AutoSampler.SamplerAttr));
            page.Table(epochs ? "Trials with their state, value, epochs trained and time, best first" : "Trials with their state, value and time, best first",
                TrialHeaders(study, epochs, sampler), shown.Select(t => TrialRow(study, t, epochs, sampler)));
        }
        return page.Render();
    }

    /// <summary>
    /// The configurations evaluated more than once (a confirmation), best mean first, with the baselines' runs, and
    /// whether the winner can be told apart from the runner-up and from the best baseline of each group.
    /// </summary>
    private static void AddRepeats(HtmlPage page, StudySnapshot study)
    {
        var ranked = ConfigurationResult.Of(study.Trials, study.Direction);
        if (ConfigurationResult.Contest(ranked) is not { Winner: var winner, RunnerUp: var runnerUp, Difference: var difference } contest)
            return;
        var repeated = ranked.Where(c => c.Repeats > 1).ToList();
        var declarations = StudyDeclarations.Read(study.UserAttrs);
        var runs = BaselineRuns.Read(study.UserAttrs);
        page.Heading(2, "Confirmed configurations");
        var headers = new List<string> { "Configuration", "Runs", "Mean", "95% interval" };
        headers.AddRange(declarations.Metrics.Select(m => $"{m.Label} (mean)"));
        var rows = repeated.Select(c => (IReadOnlyList<string>)[
            $"#{c.Configuration}", c.Repeats.ToString(System.Globalization.CultureInfo.InvariantCulture), ReportFormat.Value(c.Objective.Mean), Interval(c.Objective),
            .. declarations.Metrics.Select(m => c.Metric(m.Key) is { } e ? ReportFormat.Value(e.Mean) : "-")]);
        var baselineRows = declarations.Baselines
            .Select(b => (Baseline: b, Estimate: runs.Estimate(b.Key)))
            .Where(b => b.Estimate is not null)
            .Select(b => (IReadOnlyList<string>)[
                $"{b.Baseline.Label} ({b.Baseline.Group})", b.Estimate!.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ReportFormat.Value(b.Estimate.Mean), Interval(b.Estimate), .. declarations.Metrics.Select(_ => "")]);
        page.Table("Each configuration's mean over its runs (one seed each) and its 95% Student-t interval; the baselines over theirs",
            headers, rows.Concat(baselineRows));
        var verdict = difference is null
            ? $"The winner is #{winner.Configuration}, the only configuration with repeats."
            : !contest.WinnerHasBestMean
                ? $"The winner is #{winner.Configuration}, the incumbent (most runs); #{runnerUp!.Configuration} has a better mean over fewer runs ({difference.Test} at 5%)."
                : difference.ToldApart
                    ? $"The winner is #{winner.Configuration}: its mean is better than #{runnerUp!.Configuration}'s by {difference.Test} at 5%."
                    : $"The winner by its mean is #{winner.Configuration}, but it cannot be told apart from #{runnerUp!.Configuration} ({difference.Test} at 5%): more repeats are needed to choose.";
        var against = ConfirmedBaselines.Of(study.UserAttrs, study.Direction, winner).Select(c =>
            $" Against the {c.Group} baselines ({c.Compared}), {c.Baseline.Label}: " +
            (!c.ToldApart ? "cannot be told apart" : c.WinnerBetter ? "the winner is better" : "the baseline is better") + $" ({c.Difference.Test} at 5%).");
        page.Paragraph(verdict + string.Concat(against));
    }

    /// <summary>
    /// The noise panel: each repeated configuration's spread over its seeds beside the spread across configurations,
    /// and the smallest difference the repeats can resolve (<see cref="NoiseSummary"/>). Its plot is with the others.
    /// </summary>
    private static void AddNoise(HtmlPage page, StudySnapshot study)
    {
        if (NoiseSummary.Of(study) is not { } noise)
            return;
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        page.Heading(2, "Noise");
        page.Columns(p => p
            .Table("Spread of each repeated configuration's runs (one seed each)", ["Configuration", "Runs", "Mean", "Standard deviation", "Lowest to highest"],
                noise.Repeated.Select(c => Row($"#{c.Configuration}", c.Repeats.ToString(inv), ReportFormat.Value(c.Objective.Mean),
                    ReportFormat.Value(c.Objective.StandardDeviation), $"{ReportFormat.Value(c.Objective.Values.Min())} to {ReportFormat.Value(c.Objective.Values.Max())}")))
            .Table("Noise beside the differences between configurations", ["", "Value"], NoiseRows(noise)));
        page.Paragraph($"The noise is the pooled standard deviation of the runs within each repeated configuration ({noise.DegreesOfFreedom} degrees of freedom). " +
                       $"With {noise.RunsEach} runs each, the difference between two configurations is known to ± t(0.975, {noise.DegreesOfFreedom}) · sd · √(2/{noise.RunsEach}), " +
                       $"and a true difference of (t(0.975) + t(0.8)) · sd · √(2/{noise.RunsEach}) is found by Student's t-test at 5% four times in five: " +
                       "smaller differences between configurations need more repeats, not more search.");
    }

    private static IEnumerable<IReadOnlyList<string>> NoiseRows(NoiseSummary noise)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        yield return Row("Noise: standard deviation within a configuration (pooled)", ReportFormat.Value(noise.PooledSd));
        if (noise.AcrossFirstRunsSd is { } across)
            yield return Row($"Standard deviation across configurations (first runs of {noise.Configurations})", ReportFormat.Value(across));
        if (noise.NoiseShare is { } share)
            yield return Row("Share of that variance the noise accounts for", ReportFormat.Percent(share));
        if (noise.AcrossMeansSd is { } means)
            yield return Row($"Standard deviation across the means of the {noise.Repeated.Count} repeated configurations", ReportFormat.Value(means));
        yield return Row($"Half-width of the 95% interval of a difference ({noise.RunsEach} runs each)", ReportFormat.Value(noise.DifferenceHalfWidth));
        yield return Row($"Smallest difference detected at 5% with 80% power ({noise.RunsEach} runs each)", ReportFormat.Value(noise.DetectableDifference));
        if (noise.TopTwoGap is { } gap)
            yield return Row($"Gap between the top two means (#{noise.Repeated[0].Configuration} and #{noise.Repeated[1].Configuration})", ReportFormat.Value(gap));
        if (noise.RunsToResolveTopTwo is { } runs)
            yield return Row("Runs each that detect a difference of that gap at 5% with 80% power", runs.ToString(inv));
    }

    /// <summary>
    /// The trials that keep files (their trained models), best first, with each file's size; then, when the study
    /// stores one (<see cref="StudyEnsemble"/>), the ensemble of the best kept models against the best single trial.
    /// </summary>
    private static void AddKeptModels(HtmlPage page, StudySnapshot study)
    {
        var ensemble = StudyEnsemble.Read(study.UserAttrs);
        var released = study.ReleasedTrials;
        var keeping = study.Trials.Where(t => t.Artifacts.Count > 0 && released?.Contains(t.Number) != true)
            .OrderBy(t => t.State == TrialState.Complete && t.Value is not null ? 0 : 1)
            .ThenBy(t => t.Value is { } v ? study.Direction.Sign() * v : 0)
            .ThenBy(t => t.Number)
            .ToList();
        if (keeping.Count == 0 && ensemble is null)
            return;
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        page.Heading(2, "Kept models");
        if (keeping.Count > 0)
        {
            page.Table(released is null
                    ? "Trials that recorded files (the artifact folder was not read: some may have been let go by the keep policy since)"
                    : $"Trials that keep their files ({keeping.Count}; the keep policy let go of {released.Count} others' files), best first",
                ["#", "State", "Value", "Files", "Size"],
                keeping.Take(TrialRowsShown).Select(t => Row(
                    t.Number.ToString(inv), t.State.ToString(), ReportFormat.Value(t.Value),
                    string.Join(", ", t.Artifacts.Select(a => $"{a.Name} ({ValueText.Size(a.Size)})")),
                    ValueText.Size(t.Artifacts.Sum(a => a.Size)))));
            page.Paragraph($"Together {ValueText.Size(keeping.SelectMany(t => t.Artifacts).DistinctBy(a => a.Hash).Sum(a => a.Size))} on disk " +
                           "(files with the same content are stored once). 'metaopt best --export-model DIR' copies the best one out.");
        }
        if (ensemble is null)
            return;
        string Change(double held) => ReportFormat.Percent((held - ensemble.Best.Held) / ensemble.Best.Held);
        var metrics = ensemble.Best.Metrics.Keys.ToList();
        page.Table($"Ensemble of the {ensemble.Members.Count} best kept models against the best single trial: {ensemble.Measure} on {ensemble.SelectedOn} (chosen on) and {ensemble.ComparedOn} (compared on)",
            ["", "What", $"{ensemble.Measure}, chosen on", $"{ensemble.Measure}, compared on", .. metrics, "Change from best"],
            ensemble.Rows.Select(r => (IReadOnlyList<string>)[
                r.Name, r.About, ReportFormat.Value(r.Selection), ReportFormat.Value(r.Held),
                .. metrics.Select(m => r.Metrics.TryGetValue(m, out var v) ? ReportFormat.Value(v) : "-"), Change(r.Held)]));
        page.Table("The ensemble's weights: the rounds of the greedy selection each kept model was added in",
            ["#", "Value", "Rounds", "Weight"],
            ensemble.Members.Select(m => Row($"#{m.Trial}", ReportFormat.Value(m.Value), m.Count.ToString(inv), ReportFormat.Value(m.Weight))));
        page.Paragraph($"Caruana's ensemble selection ({ensemble.Rounds} rounds, with replacement) over the {ensemble.TopK} best kept models " +
                       $"(metaopt run --ensemble {ensemble.TopK}): the ensemble {(ensemble.Won ? "won" : "did not win")} against the best single trial " +
                       $"({ensemble.Best.About}) on {ensemble.ComparedOn}: {ensemble.Verdict} in {ensemble.Measure} " +
                       $"({ReportFormat.Value(ensemble.Ensemble.Held)} against {ReportFormat.Value(ensemble.Best.Held)}, {Change(ensemble.Ensemble.Held)}).");
    }

    private static string Interval(MeanEstimate estimate) =>
        estimate.Low is { } low ? $"{ReportFormat.Value(low)} to {ReportFormat.Value(estimate.High)}" : "-";

    private static IEnumerable<IReadOnlyList<string>> Settings(StudySnapshot study, StudySummary summary)
    {
        yield return Row(study.IsMultiObjective ? "directions" : "direction", Directions(study));
        foreach (var (key, value) in study.UserAttrs.Where(kv => kv.Key is not (RunSettingsTable.Key or StudyDeclarations.AttributeKey or BaselineRuns.AttributeKey or StudyEnsemble.AttributeKey)).OrderBy(kv => kv.Key, StringComparer.Ordinal))
            yield return Row(key, ReportFormat.Value(value));
        if (!summary.EpochsPerFullTrialIsConfigured && summary.EpochsPerFullTrial > 0)
            yield return Row("epochs per full trial", $"{summary.EpochsPerFullTrial} (longest trial; not configured)");
    }

    private static IEnumerable<IReadOnlyList<string>> Metrics(FrozenTrial best, StudySummary summary)
    {
        yield return Row("objective", ReportFormat.Value(best.Value), "best trial");
        foreach (var metric in summary.Metrics)
            yield return Row(metric.Name, ReportFormat.Value(metric.Value), metric.Source);
        foreach (var baseline in summary.Baselines)
            yield return Row(baseline.Name, ReportFormat.Value(baseline.Value), $"baseline ({baseline.Source})");
    }

    /// <summary>
    /// Which strategy won and by how much it beats the best baseline of each group; null when there is nothing to say.
    /// A confirmed study's verdict is on means (tested against baselines that have runs); otherwise it says
    /// it rests on one run of the best trial, <paramref name="best"/>.
    /// </summary>
    internal static string? Verdict(BaselineComparison? comparison, FrozenTrial best)
    {
        if (comparison is null || comparison.Strategy is null && comparison.Margins.Count == 0)
            return null;
        var parts = new List<string>();
        var confirmed = comparison.Confirmed;
        var basis = confirmed is null
            ? $"from a single run (trial #{best.Number}), so partly the seed's luck: confirm it (metaopt confirm) to compare means"
            : $"by the mean of configuration #{confirmed.Configuration} over {confirmed.Repeats} runs";
        parts.Add(comparison.Strategy is { } strategy ? $"Winning strategy: {strategy}, {basis}." : $"The winner is compared {basis}.");
        foreach (var margin in comparison.Margins)
        {
            var sentence = $"Against the {margin.Group} baselines it {(margin.Improvement >= 0 ? "beats" : "trails")} the best one, " +
                           $"{margin.Baseline} {ReportFormat.Value(margin.BaselineValue)}, by {ReportFormat.Value(Math.Abs(margin.Improvement))} ";
            if (confirmed is null)
                sentence += $"(best trial {ReportFormat.Value(margin.Value)}).";
            else if (comparison.ConfirmedMargins.FirstOrDefault(c => c.Group == margin.Group && c.Baseline.Key == margin.Baseline) is { } runs)
                sentence += $"(means over {runs.Winner.Count} and {runs.BaselineEstimate.Count} runs: " +
                            (runs.ToldApart ? "told apart by " : "cannot be told apart by ") + runs.Difference.Test + " at 5%).";
            else
                sentence += $"(the winner's mean {ReportFormat.Value(margin.Value)} against one stored run of the baseline).";
            parts.Add(sentence);
        }
        return string.Join(" ", parts);
    }

    /// <summary>The best trial's other user attributes: epochs run, seconds, device, version and whatever else the objective kept.</summary>
    private static IEnumerable<IReadOnlyList<string>> RunDetails(FrozenTrial best, StudyDeclarations declarations)
    {
        yield return Row("duration", ReportFormat.Duration(best.Duration));
        foreach (var (key, value) in best.UserAttrs
                     .Where(kv => declarations.Metric(kv.Key) is null && declarations.Baselines.All(b => b.Key != kv.Key))
                     .OrderBy(kv => kv.Key, StringComparer.Ordinal))
            yield return Row(key, ReportFormat.Value(value));
    }

    private static IEnumerable<IReadOnlyList<string>> Timing(StudySummary summary)
    {
        yield return Row("Wall time (first start to last finish)", ReportFormat.Duration(summary.WallTime));
        yield return Row("Sum of trial times", ReportFormat.Duration(summary.TrialDurations.Count == 0 ? null : summary.TotalTrialTime));
        yield return Row("Mean per trial", ReportFormat.Duration(summary.MeanTrialDuration));
        yield return Row("Median per trial", ReportFormat.Duration(summary.MedianTrialDuration));
        yield return Row("Shortest trial", ReportFormat.Duration(summary.TrialDurations.Count == 0 ? null : summary.TrialDurations[0]));
        yield return Row("Longest trial", ReportFormat.Duration(summary.TrialDurations.Count == 0 ? null : summary.TrialDurations[^1]));
    }

    private static IEnumerable<IReadOnlyList<string>> Savings(StudySummary summary)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        yield return Row("Epochs run (complete and pruned trials)", summary.EpochsRun.ToString(inv));
        yield return Row("Epochs had no trial been pruned", summary.EpochsFull.ToString(inv));
        yield return Row("Saved", ReportFormat.Percent(summary.EpochsSavedFraction));
    }

    private static string SavingsSentence(StudySummary summary)
    {
        var pruned = summary.CountsByState[TrialState.Pruned];
        var basis = summary.EpochsPerFullTrialIsConfigured
            ? $"a full trial runs {summary.EpochsPerFullTrial} epochs"
            : $"a full trial is taken to run {summary.EpochsPerFullTrial} epochs, the longest any trial ran (set max_epochs for the exact figure)";
        return $"The pruner stopped {pruned} of {summary.TrialsTrained} trained trials early; {basis}, so the study trained " +
               $"{summary.EpochsRun} of {summary.EpochsFull} epochs and saved {ReportFormat.Percent(summary.EpochsSavedFraction)} of the training.";
    }

    private static List<string> TrialHeaders(StudySnapshot study, bool epochs, bool sampler) =>
        ["#", "State", "Value", .. epochs ? ["Epochs"] : Array.Empty<string>(), "Duration", .. study.ParameterNames, .. sampler ? ["Sampler"] : Array.Empty<string>()];

    /// <summary>
    /// The Complete trials best first (a multi-objective study's Pareto front first), then the others (failed ones
    /// show why) by number, up to <see cref="TrialRowsShown"/>.
    /// </summary>
    private static List<FrozenTrial> BestTrials(StudySnapshot study)
    {
        var first = study.IsMultiObjective ? Pareto.Front(ParetoFrontPlot.Valued(study), study.Directions) : study.CompleteTrialsBestFirst;
        var shown = first.Select(t => t.Number).ToHashSet();
        return first.Concat(study.Trials.Where(t => !shown.Contains(t.Number))).Take(TrialRowsShown).ToList();
    }

    private static string Directions(StudySnapshot study) => string.Join(", ", study.Directions);

    private static IReadOnlyList<string> TrialRow(StudySnapshot study, FrozenTrial t, bool epochs, bool sampler) =>
    [
        t.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        t.State == TrialState.Failed && t.FailReason is { } reason ? $"Failed: {Shorten(reason)}" : t.State.ToString(),
        t.Values is { Count: > 1 } values ? string.Join(", ", values.Select(v => ReportFormat.Value(v))) : ReportFormat.Value(t.Value),
        .. epochs ? [StudySummary.EpochsOf(t).ToString(System.Globalization.CultureInfo.InvariantCulture)] : Array.Empty<string>(),
        ReportFormat.Duration(t.Duration),
        .. study.ParameterNames.Select(p => t.Params.TryGetValue(p, out var v) ? ReportFormat.Value(v) : ""),
        .. sampler ? [t.SystemAttrs.GetValueOrDefault(AutoSampler.SamplerAttr) as string ?? ""] : Array.Empty<string>(),
    ];

    private static string Shorten(string text)
    {
        var firstLine = text.Split('\n')[0].Trim();
        return firstLine.Length <= 80 ? firstLine : firstLine[..77] + "...";
    }

    private static IReadOnlyList<string> Row(params string[] cells) => cells;
}
