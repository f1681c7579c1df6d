using MetaOpt.TestSupport;
using Xunit.Abstractions;

namespace MetaOpt.FaultInjection.Tests;

/// <summary>
/// The bad command-line corpus against the real launcher: each is exit 2 (1 for unusable data) with exactly one
/// line on stderr naming the bad value, nothing "unexpected", no raw control characters, and nothing created or changed.
/// </summary>
public sealed class BadCommandLineTests(SampleStudy sample, ITestOutputHelper output) : IClassFixture<SampleStudy>
{
    public static TheoryData<string> Cases => new(BadCommandLine.Corpus.Select(c => c.Name));

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void IsRefusedWithOneLineAndChangesNothing(string name)
    {
        var bad = BadCommandLine.Corpus.Single(c => c.Name == name);
        if (name == "device-cuda-without-cuda")
            Requires.MachineWhere(!File.Exists("/dev/nvidiactl"), "this machine has CUDA: the case is for machines without it");
        using var directory = new WorkDirectory();
        if (bad.WithStudy)
            File.WriteAllBytes(directory.File("s.db"), sample.Bytes);
        Directory.CreateDirectory(directory.File("ml-bad"));
        File.WriteAllText(directory.File("ml-bad/u.data"), "not\ta\trating\n");
        File.WriteAllText(directory.File("ratings.txt"), "1\t1\t5\t0\n");
        var before = directory.Snapshot();

        var outcome = LauncherChild.Run(directory.Path, bad.Args);

        output.WriteLine($"{name}: {outcome}");
        Assert.True(outcome.ExitCode == bad.ExitCode, $"expected exit {bad.ExitCode}: {outcome}");
        Assert.True(outcome.ErrorLines.Length == 1, $"expected one line on stderr: {outcome}");
        var line = outcome.ErrorLines[0];
        Assert.StartsWith("metaopt: ", line);
        Assert.Contains(bad.Names, line);
        Assert.DoesNotContain("unexpected", line, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(line, c => char.IsControl(c));
        Assert.Equal(before, directory.Snapshot());
        Assert.False(File.Exists("/dev/null.lock"), "a lock file was made beside /dev/null");
    }
}
