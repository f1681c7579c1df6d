using System.Diagnostics;
using System.Text.RegularExpressions;
using MetaOpt.TestSupport;

namespace MetaOpt.Reports.Tests;

/// <summary>Opens the report in headless Chromium and checks every embedded image decodes.</summary>
public sealed class HtmlRenderTests
{
    [SkippableFact]
    public void HeadlessChromiumLoadsEveryImageOfTheReport()
    {
        var chromium = Requires.Chromium();
        using var dir = new ReportTempDir();
        var files = StudyReport.Write(SyntheticStudies.LearningCurves(trials: 12), dir.Path);

        var dom = DumpDom(chromium, files.HtmlPath, dir.Path);

        var total = Attribute(dom, "data-images-total");
        var loaded = Attribute(dom, "data-images-loaded");
        Assert.Equal(files.ImagePaths.Count, total);
        Assert.Equal(total, loaded);
    }

    private static int Attribute(string dom, string name)
    {
        var match = Regex.Match(dom, $"{name}=\"(\\d+)\"");
        Assert.True(match.Success, $"The page did not set {name}: its load script did not run. DOM starts: {dom[..Math.Min(dom.Length, 300)]}");
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string DumpDom(string chromium, string htmlPath, string profileParent)
    {
        var start = new ProcessStartInfo(chromium)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                     $"--user-data-dir={Path.Combine(profileParent, "chromium-profile")}",
                     "--virtual-time-budget=5000", "--dump-dom", new Uri(htmlPath).AbsoluteUri,
                 })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var dom = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("chromium did not finish within 60 s");
        }
        Assert.True(process.ExitCode == 0, $"chromium exited with {process.ExitCode}: {stderr.Result}");
        return dom;
    }
}
