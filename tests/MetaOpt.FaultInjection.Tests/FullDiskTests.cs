using System.Text.RegularExpressions;
using MetaOpt.TestSupport;
using Xunit.Abstractions;

namespace MetaOpt.FaultInjection.Tests;

/// <summary>
/// A study run on a small tmpfs until the disk is full: one clear line, every finished trial kept, and list and
/// export still work while the disk stays full.
/// </summary>
public sealed partial class FullDiskTests(ITestOutputHelper output)
{
    [SkippableFact]
    public void RunOnAFullDiskStopsWithOneLineAndKeepsEveryFinishedTrial()
    {
        using var directory = new WorkDirectory();
        using var disk = TmpfsMount.Create("256k");
        var storage = disk.File("s.db");

        var run = LauncherChild.Run(directory.Path, ["run", SampleStudy.Study, "--trials", "1000000", "--sampler", "random", "--storage", storage]);

        output.WriteLine(run.ToString());
        Assert.True(run.ExitCode == 1, $"a full disk should end the run with exit 1: {run}");
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith($"metaopt: no space left on the device holding {storage}", line);
        var reported = CompleteLine().Matches(run.Output).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.NotEmpty(reported);

        disk.Fill();
        var sha = WorkDirectory.Sha256(storage);
        var list = LauncherChild.Run(directory.Path, ["list", "--storage", storage]);
        Assert.True(list.ExitCode == 0, $"list on the full disk failed: {list}");
        var trials = Exporter.Trials(directory.Path, SampleStudy.Study, storage);
        foreach (var number in reported)
            Assert.Equal("Complete", trials.Single(t => t.Number == number).State);
        Assert.Equal(sha, WorkDirectory.Sha256(storage));
        output.WriteLine($"full disk: {reported.Count} finished trials reported, {trials.Count(t => t.State == "Complete")} kept");
    }

    [GeneratedRegex(@"^trial (\d+) complete ", RegexOptions.Multiline)]
    private static partial Regex CompleteLine();
}
