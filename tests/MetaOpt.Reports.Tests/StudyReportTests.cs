using System.Text.RegularExpressions;

namespace MetaOpt.Reports.Tests;

public sealed class StudyReportTests
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public void WriteProducesEveryStandardFigureAsANonEmptyPngAndEmbedsEachInThePage()
    {
        var study = SyntheticStudies.LearningCurves();
        using var dir = new ReportTempDir();

        var files = StudyReport.Write(study, dir.Path);

        Assert.Equal(Path.Combine(dir.Path, "report.html"), files.HtmlPath);
        var names = files.ImagePaths.Select(Path.GetFileName).ToList();
        Assert.Equal(["history.png", "intermediate.png", "edf.png", "timeline.png", "importance.png", "contour.png", "rank.png", "parallel.png"], names.Take(8));
        Assert.Equal(4, names.Count(n => n!.StartsWith("slice_", StringComparison.Ordinal)));
        foreach (var path in files.ImagePaths)
            Assert.Equal(PngSignature, File.ReadAllBytes(path).Take(8));
        var html = File.ReadAllText(files.HtmlPath);
        Assert.Equal(files.ImagePaths.Count, Regex.Matches(html, "src=\"data:image/png;base64,").Count);
        Assert.DoesNotContain("src=\"http", html);
        Assert.Equal(Path.Combine(dir.Path, "trials.csv"), files.CsvPath);
        Assert.Equal(TrialCsv.Write(study.Trials), File.ReadAllText(files.CsvPath!));
        Assert.Contains("<a href=\"trials.csv\">trials.csv</a>", html);
    }

    [Fact]
    public void TheTrialTableNamesTheSamplerTheAutoSamplerChoseOnlyWhenItChose()
    {
        static double Bowl(Trial t) => Math.Pow(t.SuggestFloat("x", -1, 1), 2) + Math.Pow(t.SuggestFloat("y", -1, 1), 2);
        var auto = Study.Create("auto", new StudyOptions { Sampler = new AutoSampler(new AutoSamplerOptions { Seed = 1, GpTrials = 11 }) });
        auto.Optimize(Bowl, trials: 14);
        var random = Study.Create("random", new StudyOptions { Sampler = new RandomSampler(1) });
        random.Optimize(Bowl, trials: 14);
        using var dir = new ReportTempDir();

        var autoHtml = File.ReadAllText(StudyReport.Write(auto, Path.Combine(dir.Path, "auto")).HtmlPath);
        var randomHtml = File.ReadAllText(StudyReport.Write(random, Path.Combine(dir.Path, "random")).HtmlPath);

        Assert.Contains("<th>y</th><th>Sampler</th></tr>", autoHtml);
        Assert.Equal(11, Regex.Matches(autoHtml, "<td>gp</td></tr>").Count);
        Assert.Equal(3, Regex.Matches(autoHtml, "<td>tpe-group</td></tr>").Count);
        Assert.DoesNotContain("<th>Sampler</th>", randomHtml);
    }

    [Fact]
    public void HeaderShowsTheBestTrialMetricsBesideTheBaselinesAndTheImportanceMethod()
    {
        var study = SyntheticStudies.LearningCurves();
        using var dir = new ReportTempDir();

        var html = File.ReadAllText(StudyReport.Write(study, dir.Path).HtmlPath);

        var best = study.BestTrial;
        Assert.Contains($"Best trial: #{best.Number}", html);
        // Declared metrics and baselines by their label and key, the other attributes by their key.
        foreach (var key in new[] { "meta_test_mae", "meta_test_rmse", "meta_test_ndcg3", "global_zero_shot_mae", "global_finetuned_mae", "global_mean_mae" })
            Assert.Contains($" ({key})</td>", html);
        Assert.Contains("<td>meta-test nDCG@3 (meta_test_ndcg3)</td>", html);
        foreach (var key in new[] { "device", "version" })
            Assert.Contains($"<td>{key}</td>", html);
        Assert.Contains("<td class=\"number\">0.91</td><td>baseline (study)</td>", html);
        Assert.Contains("fANOVA on a random forest", html);
        Assert.Contains("Median per trial", html);
        Assert.Contains(study.Trials, t => t.State == TrialState.Failed);
        Assert.Contains("out of memory (synthetic failure)", html); // failed trials say why in the trial table
    }

    [Fact]
    public void PruningSavingsCompareEpochsRunWithFullRunsOfEveryTrainedTrial()
    {
        var study = SyntheticStudies.LearningCurves();
        var trained = study.Trials.Where(t => t.State is TrialState.Complete or TrialState.Pruned).ToList();
        var pruned = trained.Count(t => t.State == TrialState.Pruned);
        Assert.InRange(pruned, 1, trained.Count - 2); // the fixture must exercise both outcomes

        using var dir = new ReportTempDir();
        var html = File.ReadAllText(StudyReport.Write(study, dir.Path).HtmlPath);

        // Pruned trials stop after epoch 3 (4 epochs), complete ones run 10; max_epochs comes from the study attribute.
        var run = pruned * 4 + (trained.Count - pruned) * 10;
        var full = trained.Count * 10;
        Assert.Contains($"trained {run} of {full} epochs", html);
        Assert.Contains($"The pruner stopped {pruned} of {trained.Count} trained trials early; a full trial runs 10 epochs", html);
    }

    [Fact]
    public void MaxEpochsFromTheOptionsOverrideTheStudyAttribute()
    {
        var study = Study.Create("hand");
        var complete = study.Ask();
        complete.SuggestFloat("x", 0, 1);
        complete.Report(1.0, 0);
        complete.Report(0.5, 1);
        study.Tell(complete, 0.5);
        var prunedTrial = study.Ask();
        prunedTrial.SuggestFloat("x", 0, 1);
        prunedTrial.Report(2.0, 0);
        study.Tell(prunedTrial, TrialState.Pruned);
        study.SetUserAttr("max_epochs", 10);
        using var dir = new ReportTempDir();

        var html = File.ReadAllText(StudyReport.Write(study, dir.Path, new ReportOptions { MaxEpochs = 4 }).HtmlPath);

        // The complete trial's 2 epochs are its own; the pruned one would have run the 4 of a full trial.
        Assert.Contains("trained 3 of 6 epochs and saved 50.0% of the training", html);
    }

    [Fact]
    public void ACompleteTrialThatTrainedFewerEpochsIsNotCountedAsSavedByPruning()
    {
        var study = Study.Create("strategies");
        foreach (var epochs in new[] { 10, 3 })
        {
            var trial = study.Ask();
            trial.SuggestFloat("x", 0, 1);
            for (var step = 0; step < epochs; step++)
                trial.Report(1.0 / (step + 1), step);
            study.Tell(trial, 0.1);
        }
        using var dir = new ReportTempDir();

        var html = File.ReadAllText(StudyReport.Write(study, dir.Path, new ReportOptions { MaxEpochs = 10 }).HtmlPath);

        Assert.Contains("trained 13 of 13 epochs and saved 0.0% of the training", html);
    }

    [Fact]
    public void AnEmptyStudyStillGivesAPageAndImagesThatSayThereIsNothingYet()
    {
        var study = Study.Create("empty");
        using var dir = new ReportTempDir();

        var files = StudyReport.Write(study, dir.Path);

        Assert.NotEmpty(files.ImagePaths);
        Assert.All(files.ImagePaths, p => Assert.True(new FileInfo(p).Length > 1000, $"{p} is too small to be a plot"));
        Assert.Contains("This study has no trials yet", File.ReadAllText(files.HtmlPath));
    }

    [Fact]
    public void AMaximisingStudyOfOneParameterReportsItsHighestValueAndSaysWhyThereIsNoImportanceOrContour()
    {
        var study = Study.Create("one-parameter", new StudyOptions { Direction = Direction.Maximize, Sampler = new RandomSampler(5) });
        study.Optimize(t => -Math.Pow(t.SuggestFloat("x", -2, 2) - 1, 2), trials: 10, stopOnCtrlC: false);
        using var dir = new ReportTempDir();

        var files = StudyReport.Write(study, dir.Path);

        Assert.All(files.ImagePaths, p => Assert.True(new FileInfo(p).Length > 1000));
        Assert.Equal(["history.png", "edf.png", "timeline.png", "rank.png", "parallel.png", "slice_01_x.png"], files.ImagePaths.Select(Path.GetFileName));
        var html = File.ReadAllText(files.HtmlPath);
        Assert.Contains($"Best trial: #{study.Trials.MaxBy(t => t.Value)!.Number}", html);
        Assert.Contains("With one parameter (x) there is no parameter importance to rank and no contour, which needs two.", html);
        Assert.DoesNotContain("Parameter importance method", html);
    }

    [Fact]
    public void AStudyWhoseTrialsReportNoStepsHasNoPruningSectionOrLearningCurvesButOneLineSayingWhy()
    {
        var study = Study.Create("function", new StudyOptions { Sampler = new RandomSampler(3) });
        study.Optimize(t => t.SuggestFloat("x", -2, 2) + t.SuggestFloat("y", -2, 2), trials: 8, stopOnCtrlC: false);
        using var dir = new ReportTempDir();

        var files = StudyReport.Write(study, dir.Path);

        // The page's text without its embedded images, whose base64 may spell any word.
        var html = Regex.Replace(File.ReadAllText(files.HtmlPath), "data:[^\"')]*", "");
        Assert.DoesNotContain("intermediate.png", files.ImagePaths.Select(Path.GetFileName));
        Assert.DoesNotContain("Intermediate values", html);
        Assert.DoesNotContain("pruning", html.Replace("no pruning savings", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("epoch", html.Replace("the loss after an epoch", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        Assert.Single(Regex.Matches(html, "No trial reported a step"));
        Assert.Contains("No trial reported a step (an intermediate value, such as the loss after an epoch), so this report has no pruning savings and no intermediate-values plot.", html);
        Assert.Contains("importance.png", files.ImagePaths.Select(Path.GetFileName));
        Assert.Contains("<caption>Metrics</caption>", html); // there are no baselines to put them beside
    }

    [Fact]
    public void AStudyWhoseTrialsReportStepsKeepsThePruningSectionAndTheLearningCurvesWithoutTheNote()
    {
        var study = SyntheticStudies.LearningCurves();
        using var dir = new ReportTempDir();

        var files = StudyReport.Write(study, dir.Path);

        var html = File.ReadAllText(files.HtmlPath);
        Assert.Contains("intermediate.png", files.ImagePaths.Select(Path.GetFileName));
        Assert.Contains("Time and pruning", html);
        Assert.Contains("Training the pruner saved", html);
        Assert.DoesNotContain("No trial reported a step", html);
        Assert.Empty(new StudyReport(study).LeftOut);
    }

    [Fact]
    public void ComparisonWritesTheSharedHistoryEachStudyAndATableOfOutcomes()
    {
        var tpeLike = SyntheticStudies.LearningCurves("first", trials: 12, seed: 2);
        var random = SyntheticStudies.LearningCurves("second", trials: 12, seed: 3);
        using var dir = new ReportTempDir();

        var files = StudyReport.WriteComparison([tpeLike, random], dir.Path);

        Assert.Equal(["comparison.png", "history_01.png", "history_02.png"], files.ImagePaths.Select(Path.GetFileName));
        Assert.All(files.ImagePaths, p => Assert.True(new FileInfo(p).Length > 1000));
        var html = File.ReadAllText(files.HtmlPath);
        Assert.Contains("<td>first</td>", html);
        Assert.Contains("<td>second</td>", html);
    }

    [Fact]
    public void ComparisonOfNoStudyIsRefused()
    {
        using var dir = new ReportTempDir();
        var error = Assert.Throws<ArgumentException>(() => StudyReport.WriteComparison([], dir.Path));
        Assert.Contains("at least one study", error.Message);
    }

    [Fact]
    public void CustomReportsKeepTheFiguresAddedAndNumberRepeatedNames()
    {
        var study = SyntheticStudies.LearningCurves(trials: 8);
        var report = new StudyReport(study);
        report.Add.OptimizationHistory().Axes.SetLimitsY(0.5, 2);
        report.Add.Contour("lr", "noise");
        report.Add.Contour("layers", "noise");
        using var dir = new ReportTempDir();

        var files = report.Write(dir.Path);

        Assert.Equal(["history.png", "contour.png", "contour_2.png"], files.ImagePaths.Select(Path.GetFileName));
    }

    [Theory]
    [InlineData(199, 560, "Width must be between 200 and 8000, got 199")]
    [InlineData(1000, 149, "Height must be between 150 and 8000, got 149")]
    public void ImageSizesOutsideTheAllowedRangeAreRefusedWithTheValue(int width, int height, string expected)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ReportOptions { Width = width, Height = height });
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void HeaderShowsEachRunOfAResumedStudyAsARowOfItsSettings()
    {
        var study = SyntheticStudies.LearningCurves(trials: 5);
        study.SetUserAttr("runs", """[{"sampler":"tpe","seed":0,"trials":3},{"sampler":"gp","seed":4,"trials":5,"device":"cuda"}]""");
        using var dir = new ReportTempDir();

        var html = File.ReadAllText(StudyReport.Write(study, dir.Path).HtmlPath);

        Assert.Contains("<caption>Runs of this study, oldest first</caption>", html);
        Assert.Contains("<tr><th>run</th><th>sampler</th><th>seed</th><th>trials</th><th>device</th></tr>", html);
        Assert.Contains("<tr><td class=\"number\">1</td><td>tpe</td><td class=\"number\">0</td><td class=\"number\">3</td><td></td></tr>", html);
        Assert.Contains("<td>gp</td><td class=\"number\">4</td><td class=\"number\">5</td><td>cuda</td>", html);
        Assert.DoesNotContain("<td>runs</td>", html);
    }

    [Fact]
    public void CancelledWriteStopsBeforeThePage()
    {
        var study = SyntheticStudies.LearningCurves(trials: 5);
        using var dir = new ReportTempDir();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() => StudyReport.Write(study, dir.Path, cancellation: cancelled.Token));

        Assert.False(File.Exists(Path.Combine(dir.Path, "report.html")));
    }
}
