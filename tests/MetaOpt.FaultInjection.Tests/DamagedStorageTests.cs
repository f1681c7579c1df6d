using Xunit.Abstractions;

namespace MetaOpt.FaultInjection.Tests;

/// <summary>
/// The damaged-file corpus, odd permissions and links to a live file, each under list, show, export and run: a refusal
/// is exit 1 with one line (no "unexpected", no stack trace) and leaves every byte and file as it was; a file read
/// without complaint must read exactly as the intact one did.
/// </summary>
public sealed class DamagedStorageTests(SampleStudy sample, ITestOutputHelper output) : IClassFixture<SampleStudy>
{
    public static TheoryData<string> Commands => new(StorageCommands);

    /// <summary>The commands each file is attacked with.</summary>
    public static string[] StorageCommands { get; } = ["list", "show", "export", "run"];

    public static TheoryData<string, string> DamagedFiles => Cross(DamagedFile.Corpus.Select(file => file.Name));

    public static TheoryData<string, string> Links => Cross(["hard-link", "symbolic-link"]);

    [Theory]
    [MemberData(nameof(DamagedFiles))]
    public void DamagedFileIsRefusedAndLeftAsItWas(string file, string command)
    {
        using var directory = new WorkDirectory();
        var bytes = DamagedFile.Corpus.Single(f => f.Name == file).Make(sample.Bytes);
        if (bytes is null)
            Directory.CreateDirectory(directory.File("s.db"));
        else
            File.WriteAllBytes(directory.File("s.db"), bytes);
        var before = directory.Snapshot();

        var outcome = LauncherChild.Run(directory.Path, SampleStudy.Command(command));

        Report(file, command, outcome);
        if (file == "empty")
        {
            // An empty file is an empty storage: reads find no study and change nothing, run starts the study in it.
            if (command == "run")
            {
                Assert.True(outcome.ExitCode == 0, $"run could not start the study in an empty file: {outcome}");
                var trials = Exporter.Trials(directory.Path, SampleStudy.Study, "s.db");
                Assert.Equal(Enumerable.Range(0, SampleStudy.Trials), trials.Select(t => t.Number));
                Assert.All(trials, t => Assert.Equal("Complete", t.State));
            }
            else
            {
                if (outcome.ExitCode != 0)
                    AssertRefused(outcome, [2]);
                Assert.Equal(before, directory.Snapshot());
            }
            return;
        }
        if (outcome.ExitCode == 0 && file.StartsWith("flipped-", StringComparison.Ordinal))
        {
            // A flip in unused bytes changes nothing that is read; anything else must be noticed.
            if (command == "run")
                AssertRunFoundTheStudyFinished(outcome, directory);
            else
                AssertReadsAsIntact(command, outcome, before, directory);
            return;
        }
        AssertRefused(outcome, file == "directory" ? [1, 2] : [1]);
        Assert.Equal(before, directory.Snapshot());
    }

    [SkippableTheory]
    [MemberData(nameof(Commands))]
    public void ReadOnlyFileAsAnotherUser(string command)
    {
        Nobody.Require();
        using var directory = new WorkDirectory();
        // Only the file is protected: the directory is open to everyone, so a lock or journal file could be made.
        File.SetUnixFileMode(directory.Path, (UnixFileMode)Convert.ToInt32("1777", 8));
        File.WriteAllBytes(directory.File("s.db"), sample.Bytes);
        File.SetUnixFileMode(directory.File("s.db"), UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var before = directory.Snapshot();

        var outcome = LauncherChild.Run(directory.Path, SampleStudy.Command(command), asNobody: true);

        Report("read-only-file", command, outcome);
        if (command == "run")
        {
            AssertRefused(outcome, [1]);
            Assert.Equal(before, directory.Snapshot());
        }
        else
        {
            AssertReadsAsIntact(command, outcome, before, directory);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Commands))]
    public void WritableFileInADirectoryTheUserCannotWrite(string command)
    {
        Nobody.Require();
        using var directory = new WorkDirectory();
        File.WriteAllBytes(directory.File("s.db"), sample.Bytes);
        File.SetUnixFileMode(directory.File("s.db"), (UnixFileMode)Convert.ToInt32("666", 8));
        var before = directory.Snapshot();

        var outcome = LauncherChild.Run(directory.Path, SampleStudy.Command(command), asNobody: true);

        Report("unwritable-directory", command, outcome);
        if (command != "run")
            AssertReadsAsIntact(command, outcome, before, directory);
        else if (outcome.ExitCode != 0)
        {
            AssertRefused(outcome, [1]);
            Assert.Equal(before, directory.Snapshot());
        }
        else
        {
            AssertRunFoundTheStudyFinished(outcome, directory);
        }
    }

    [Theory]
    [MemberData(nameof(Links))]
    public void LinkToAFileALiveRunIsWriting(string link, string command)
    {
        using var directory = new WorkDirectory();
        using var live = LauncherChild.Start(directory.Path, ["run", SampleStudy.Study, "--trials", "1000000", "--sampler", "random", "--storage", "live.db"]);
        var completedBefore = new List<int>();
        while (completedBefore.Count < 3 && live.WaitForLine(line => line.Contains(" complete ", StringComparison.Ordinal)) is { } line)
            completedBefore.Add(int.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(completedBefore.Count == 3, $"the live run did not get going: {live.SoFar()}");
        if (link == "hard-link")
            HardLink.Create(directory.File("s.db"), directory.File("live.db"));
        else
            File.CreateSymbolicLink(directory.File("s.db"), "live.db");

        var outcome = LauncherChild.Run(directory.Path, SampleStudy.Command(command));

        Report(link, command, outcome);
        if (command == "run" || outcome.ExitCode != 0)
        {
            AssertRefused(outcome, [1]);
            if (command == "run")
                Assert.Contains(live.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture), outcome.Error);
        }
        if (live.HasExited)
            Assert.Fail($"the live run ended during the attack: {live.SoFar()}");
        live.Signal(Signals.Interrupt);
        Assert.Equal(130, live.WaitForExit().ExitCode);
        var trials = Exporter.Trials(directory.Path, SampleStudy.Study, "live.db");
        Assert.Equal(Enumerable.Range(0, trials.Count), trials.Select(t => t.Number));
        foreach (var number in completedBefore)
            Assert.Equal("Complete", trials.Single(t => t.Number == number).State);
    }

    private void AssertReadsAsIntact(string command, LauncherOutcome outcome, IReadOnlyDictionary<string, string> before, WorkDirectory directory)
    {
        Assert.True(outcome.ExitCode == 0, $"{command} could not read a readable file: {outcome}");
        Assert.Equal(sample.IntactOutput(command), outcome.Output);
        Assert.Equal(before, directory.Snapshot());
    }

    /// <summary>
    /// A run that opened the sample's file found its trials already there, ran none and left them reading as the
    /// intact file's do (the sample asks run for exactly the trials it holds).
    /// </summary>
    private void AssertRunFoundTheStudyFinished(LauncherOutcome outcome, WorkDirectory directory)
    {
        Assert.True(outcome.ExitCode == 0, $"run could not open a readable file: {outcome}");
        Assert.Contains($"already has {SampleStudy.Trials} finished trials", outcome.Output, StringComparison.Ordinal);
        var export = LauncherChild.Run(directory.Path, SampleStudy.Command("export"));
        Assert.True(export.ExitCode == 0, $"export after run failed: {export}");
        Assert.Equal(sample.IntactOutput("export"), export.Output);
    }

    private static void AssertRefused(LauncherOutcome outcome, int[] exitCodes)
    {
        Assert.True(exitCodes.Contains(outcome.ExitCode), $"expected exit {string.Join(" or ", exitCodes)}: {outcome}");
        Assert.True(outcome.ErrorLines.Length == 1 && outcome.ErrorLines[0].StartsWith("metaopt: ", StringComparison.Ordinal),
            $"expected one 'metaopt: ' line on stderr: {outcome}");
        Assert.DoesNotContain("unexpected", outcome.Error, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", outcome.Error, StringComparison.Ordinal);
        // LiteDB's own wording about its streams says nothing to a user about their file.
        Assert.DoesNotContain("Stream does not support", outcome.Error, StringComparison.Ordinal);
    }

    private void Report(string file, string command, LauncherOutcome outcome) =>
        output.WriteLine($"{file} / {command}: exit {outcome.ExitCode}: {outcome.ErrorLines.FirstOrDefault() ?? "(no error)"}");

    private static TheoryData<string, string> Cross(IEnumerable<string> files)
    {
        var data = new TheoryData<string, string>();
        foreach (var file in files)
            foreach (var command in StorageCommands)
                data.Add(file, command);
        return data;
    }
}
