using System.Text.RegularExpressions;

namespace MetaOpt.Reports.Tests;

/// <summary>A report of 10 000 trials stays a page one can mail: the best trials in the table, the rest in the CSV, plots thinned.</summary>
public sealed class LargeStudyTests
{
    [Fact]
    public void AReportOfTenThousandTrialsKeepsItsPageUnderTwoMegabytesAndEveryTrialInTheCsv()
    {
        var study = SyntheticStudies.Large(10_000);
        using var dir = new ReportTempDir();

        var report = new StudyReport(study);
        report.Add.All();
        var files = report.Write(dir.Path);

        Assert.InRange(new FileInfo(files.HtmlPath).Length, 1, 2_000_000);
        var html = File.ReadAllText(files.HtmlPath);
        Assert.Contains("The best 50 of 10000 trials", html);
        Assert.Equal(50, Regex.Matches(html, "<tr><td class=\"number\">\\d+</td><td>(Complete|Pruned|Failed)").Count);
        Assert.Equal(10_001, File.ReadLines(files.CsvPath!).Count());
        Assert.Contains("Fitted on 1000 of the", report.Importance.Note);
        var parallel = report.Figures.Single(f => f.FileName == "parallel.png").Plot;
        Assert.Contains(parallel.Legend.ManualItems, i => i.LabelText.StartsWith("150 of ", StringComparison.Ordinal));
    }
}
