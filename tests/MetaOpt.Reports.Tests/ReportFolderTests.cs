namespace MetaOpt.Reports.Tests;

/// <summary>A report folder is replaced as a whole: a failed or cancelled write keeps the earlier report, and leftovers of a killed one are cleaned.</summary>
public sealed class ReportFolderTests : IDisposable
{
    private readonly string _parent = Directory.CreateTempSubdirectory("metaopt-report-folder-").FullName;
    private readonly string _folder;

    public ReportFolderTests() => _folder = Path.Combine(_parent, "report");

    public void Dispose() => Directory.Delete(_parent, recursive: true);

    [Fact]
    public void ANewReportReplacesTheOldOneWhole()
    {
        ReportFolder.Replace(_folder, f => File.WriteAllText(Path.Combine(f, "old.png"), "old"));

        ReportFolder.Replace(_folder, f => File.WriteAllText(Path.Combine(f, "report.html"), "new"));

        Assert.Equal(["report.html"], Directory.GetFiles(_folder).Select(Path.GetFileName));
        Assert.Equal([_folder], Directory.GetFileSystemEntries(_parent));
    }

    [Fact]
    public void AFailedOrCancelledWriteKeepsTheEarlierReport()
    {
        ReportFolder.Replace(_folder, f => File.WriteAllText(Path.Combine(f, "report.html"), "old"));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<IOException>(() => ReportFolder.Replace(_folder, f =>
        {
            File.WriteAllText(Path.Combine(f, "plot.png"), "half");
            throw new IOException("disk full");
        }));
        Assert.Throws<OperationCanceledException>(() =>
            ReportFolder.Replace(_folder, f => File.WriteAllText(Path.Combine(f, "plot.png"), "half"), cancelled.Token));

        Assert.Equal("old", File.ReadAllText(Path.Combine(_folder, "report.html")));
        Assert.Equal(["report.html"], Directory.GetFiles(_folder).Select(Path.GetFileName));
        Assert.Equal([_folder], Directory.GetFileSystemEntries(_parent));
    }

    [Fact]
    public void LeftoversOfAKilledWriterAreCleanedAndAReportSetAsideIsPutBack()
    {
        // As a writer killed between setting the old report aside and moving the new one in leaves them.
        var aside = Directory.CreateDirectory(Path.Combine(_parent, ".report.old-999999")).FullName;
        File.WriteAllText(Path.Combine(aside, "report.html"), "old");
        var half = Directory.CreateDirectory(Path.Combine(_parent, ".report.new-999999")).FullName;
        File.WriteAllText(Path.Combine(half, "plot.png"), "half");

        Assert.Throws<InvalidOperationException>(() => ReportFolder.Replace(_folder, _ => throw new InvalidOperationException("bug")));

        Assert.Equal("old", File.ReadAllText(Path.Combine(_folder, "report.html")));
        Assert.Equal([_folder], Directory.GetFileSystemEntries(_parent));
    }

    [Fact]
    public void AnEarlierReportWithItsTrialsCsvIsReplaced()
    {
        var study = SyntheticStudies.LearningCurves(trials: 6);
        ReportFolder.Replace(_folder, f => StudyReport.Write(study, f));
        Assert.Contains("trials.csv", Directory.GetFiles(_folder).Select(Path.GetFileName));

        ReportFolder.Replace(_folder, f => File.WriteAllText(Path.Combine(f, "report.html"), "new"));

        Assert.Equal(["report.html"], Directory.GetFiles(_folder).Select(Path.GetFileName));
    }

    [Fact]
    public void AFolderHoldingAnythingButAnEarlierReportIsNeverReplaced()
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllText(Path.Combine(_folder, "thesis.tex"), "mine");

        var error = Assert.Throws<IOException>(() => ReportFolder.Replace(_folder, f => File.WriteAllText(Path.Combine(f, "report.html"), "new")));

        Assert.Contains("'thesis.tex', which is not part of a report", error.Message);
        Assert.Equal(["thesis.tex"], Directory.GetFiles(_folder).Select(Path.GetFileName));
        Assert.Equal([_folder], Directory.GetFileSystemEntries(_parent));
    }
}
