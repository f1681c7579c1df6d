using MetaOpt.Reports.Summary;
using MetaOpt.TestSupport;

namespace MetaOpt.Reports.Tests;

public class NoisePanelTests
{
    // #0 runs 1, 2, 3 (sd 1); #1 runs 4, 6, 5, 5 (mean 5, variance 2/3); #2 runs 0.5 once.
    // Pooled variance (2 · 1 + 3 · 2/3) / 5 = 0.8, sd √0.8 = 0.894427 on 5 degrees of freedom; fewest runs n = 3.
    // Interval half-width of a difference t(0.975, 5) · sd · √(2/3) = 2.570582 · 0.730297 = 1.87729;
    // detectable at 5%/80%: (2.570582 + 0.919544) · 0.730297 = 2.54883. First runs 1, 4, 0.5: sd 1.89297, so the
    // noise is 0.8 / 3.58333 = 22.3% of their variance. Means 2 and 5: sd 2.12132, gap 3, and
    // 2 · (3.490126 · 0.894427 / 3)² = 2.17 rounds up to 3 runs each.
    private static Study Repeated()
    {
        var study = Study.Create("noisy", new StudyOptions { Seed = 1, Sampler = new RandomSampler(seed: 1) });
        RepeatedTrials.Add(study, [(0.1, 1, null), (0.2, 4, null), (0.3, 0.5, null), (0, 2, 0), (0, 3, 0), (0, 6, 1), (0, 5, 1), (0, 5, 1)], "test_mae", 0.1);
        return study;
    }

    [Fact]
    public void TheNoisePanelPoolsTheSpreadWithinConfigurationsAndSaysWhatDifferenceTheRepeatsResolve()
    {
        var noise = NoiseSummary.Of(StudySnapshot.Of(Repeated()))!;

        Assert.Equal([0, 1], noise.Repeated.Select(c => c.Configuration));
        Assert.Equal((5, 3, 3), (noise.DegreesOfFreedom, noise.RunsEach, noise.Configurations));
        Assert.Equal(Math.Sqrt(0.8), noise.PooledSd, 12);
        Assert.Equal(1.87729, noise.DifferenceHalfWidth, 5);
        Assert.Equal(2.54883, noise.DetectableDifference, 5);
        Assert.Equal(1.89297, noise.AcrossFirstRunsSd!.Value, 5);
        Assert.Equal(0.8 / 3.583333333333333, noise.NoiseShare!.Value, 12);
        Assert.Equal(Math.Sqrt(4.5), noise.AcrossMeansSd!.Value, 12);
        Assert.Equal((3.0, 3), (noise.TopTwoGap!.Value, noise.RunsToResolveTopTwo!.Value));
    }

    [Fact]
    public void TheReportTablesTheNoiseWithHandComputedNumbersAndDrawsEachConfigurationsRuns()
    {
        using var dir = new ReportTempDir();
        var files = StudyReport.Write(Repeated(), dir.Path);
        var html = File.ReadAllText(files.HtmlPath);

        Assert.Contains("<h2>Noise</h2>", html);
        Assert.Contains(">0.894427</td>", html);
        Assert.Contains(">1.87729</td>", html);
        Assert.Contains(">2.54883</td>", html);
        Assert.Contains(">1.89297</td>", html);
        Assert.Contains(">22.3%</td>", html);
        Assert.Contains(">2.12132</td>", html);
        Assert.Contains("<td>Gap between the top two means (#0 and #1)</td>", html);
        Assert.Contains("<td>4 to 6</td>", html);
        Assert.Contains(files.ImagePaths, p => Path.GetFileName(p) == "noise.png");
    }

    [Fact]
    public void AStudyWithoutRepeatsLeavesTheNoisePanelOutWithOneLine()
    {
        var study = Study.Create("single", new StudyOptions { Seed = 1, Sampler = new RandomSampler(seed: 1) });
        RepeatedTrials.Add(study, [(0.1, 1, null), (0.2, 4, null)], "test_mae", 0.1);

        using var dir = new ReportTempDir();
        var files = StudyReport.Write(study, dir.Path);
        var html = File.ReadAllText(files.HtmlPath);

        Assert.Null(NoiseSummary.Of(StudySnapshot.Of(study)));
        Assert.DoesNotContain("<h2>Noise</h2>", html);
        Assert.Contains("No configuration was evaluated more than once, so there is no noise panel", html);
        Assert.DoesNotContain(files.ImagePaths, p => Path.GetFileName(p) == "noise.png");
    }
}
