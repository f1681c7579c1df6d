using System.Security.Cryptography;

namespace MetaOpt.Launcher.Tests;

/// <summary>
/// Reads never write, damage is one line that says how to recover, and <c>metaopt storage check/recover</c> find
/// and copy what is readable, never touching the file they read.
/// </summary>
public sealed class StorageCommandTests : IDisposable
{
    private const string Study = "functions-branin";
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void ReadingCommandsChangeNoByteOfTheStorage()
    {
        var path = Stored(trials: 3);
        var before = Sha256(path);

        Assert.All(new[]
        {
            Launcher.Run("list", "--storage", path),
            Launcher.Run("show", Study, "--storage", path),
            Launcher.Run("best", Study, "--storage", path),
            Launcher.Run("export", Study, "--storage", path, "--format", "csv"),
            Launcher.Run("storage", "check", path),
        }, outcome => Assert.Equal(0, outcome.ExitCode));

        Assert.Equal(before, Sha256(path));
        Assert.Equal([path], Directory.GetFiles(_directory.Path));
    }

    [Fact]
    public void CheckOfASoundFileCountsItsStudiesAndTrials()
    {
        var path = Stored(trials: 3);

        var outcome = Launcher.Run("storage", "check", path);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains($"{path} is sound: 1 studies, 3 trials.", outcome.Output);
    }

    [Fact]
    public void ADamagedFileIsOneLineNamingTheRecoveryAndCheckAndRecoverLeaveItAsItWas()
    {
        var path = Damaged();
        var before = Sha256(path);
        var copy = _directory.File("recovered.db");

        var list = Launcher.Run("list", "--storage", path);
        var run = Launcher.Run("run", Study, "--trials", "20", "--storage", path);
        var check = Launcher.Run("storage", "check", path);
        var recover = Launcher.Run("storage", "recover", path, "--out", copy);

        Assert.All([list, run], outcome =>
        {
            Assert.Equal(1, outcome.ExitCode);
            var line = Assert.Single(outcome.ErrorLines);
            Assert.StartsWith($"metaopt: the storage file {path} is damaged (", line);
            Assert.EndsWith($"run 'metaopt storage recover {path} --out NEW' to copy what is readable into a new file", line);
        });
        Assert.Equal(1, check.ExitCode);
        Assert.Contains("is damaged", check.Output);
        Assert.Equal(0, recover.ExitCode);
        Assert.Contains($"Copied 1 studies and 39 trials from {path} into {copy}; lost 0 studies and 1 trials.", recover.Output);
        Assert.Equal(before, Sha256(path));
        Assert.Equal(0, Launcher.Run("storage", "check", copy).ExitCode);
        Assert.Equal(0, Launcher.Run("show", Study, "--storage", copy).ExitCode);
    }

    [Fact]
    public void RecoverOfAFileCutShortCountsTheTrialsItLostAsAtLeastThoseItsIndexStillLists()
    {
        var path = Stored(trials: 150);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 8192 / 2 * 8192)]);
        var copy = _directory.File("recovered.db");

        var recover = Launcher.Run("storage", "recover", path, "--out", copy);

        Assert.Equal(0, recover.ExitCode);
        var counts = System.Text.RegularExpressions.Regex.Match(recover.Output,
            @"Copied 1 studies and (\d+) trials from .* into .*; lost at least 0 studies and at least (\d+) trials\.");
        Assert.True(counts.Success, recover.Output);
        var (copied, lost) = (int.Parse(counts.Groups[1].Value), int.Parse(counts.Groups[2].Value));
        // Before, the trials on the cut-off pages went uncounted: "lost 0 trials" after losing most.
        Assert.True(lost > 0, recover.Output);
        Assert.InRange(copied + lost, copied + 1, 150);
        using var recovered = LiteDbStorage.OpenReadOnly(copy);
        Assert.Equal(copied, recovered.GetAllTrials(Study).Count);
    }

    [Fact]
    public void CopyOfAStudyWithRunningTrialsCountsWhatItCopiedAndSaysWhichAreStillRunning()
    {
        var path = _directory.File("live.db");
        var space = _directory.File("space.json");
        File.WriteAllText(space, """{"x": {"type": "float", "low": 0, "high": 1}}""");
        for (var i = 0; i < 3; i++)
            Assert.Equal(0, Launcher.Run("ask", "cc", "--search-space", space, "--storage", path).ExitCode);
        Assert.Equal(0, Launcher.Run("tell", "cc", "0", "--value", "1", "--storage", path).ExitCode);
        var target = _directory.File("copy.db");

        var copy = Launcher.Run("storage", "copy", "--from", path, "--to", target);

        Assert.Equal(0, copy.ExitCode);
        Assert.Equal($"Copied 'cc' (3 trials) to {target}. 2 of them were running and are Running in the copy, without their later results: " +
                     "copy again once the study has finished.\n", copy.Output);
        using var copied = LiteDbStorage.OpenReadOnly(target);
        Assert.Equal([TrialState.Complete, TrialState.Running, TrialState.Running], copied.GetAllTrials("cc").Select(t => t.State));
    }

    [Fact]
    public void RecoverRefusesToOverwriteAFile()
    {
        var path = Stored(trials: 2);
        var existing = _directory.File("existing.db");
        File.WriteAllText(existing, "mine");

        var outcome = Launcher.Run("storage", "recover", path, "--out", existing);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains($"--out '{existing}' already exists", Assert.Single(outcome.ErrorLines));
        Assert.Equal("mine", File.ReadAllText(existing));
    }

    [Fact]
    public void ADirectoryAsTheStorageIsNamedAsOne()
    {
        var outcome = Launcher.Run("list", "--storage", _directory.Path);

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("is a directory", Assert.Single(outcome.ErrorLines));
    }

    [Fact]
    public void ADeviceAsTheStorageIsRefusedAndNothingIsCreatedBesideIt()
    {
        Assert.True(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "needs /dev/null");
        var list = Launcher.Run("list", "--storage", "/dev/null");
        var run = Launcher.Run("run", Study, "--trials", "1", "--storage", "/dev/null");

        Assert.All([list, run], outcome =>
        {
            Assert.Equal(1, outcome.ExitCode);
            Assert.Contains("/dev/null is not a regular file", Assert.Single(outcome.ErrorLines));
        });
        Assert.False(File.Exists("/dev/null.lock"));
    }

    [Fact]
    public void AnEmptyStoragePathIsAUsageError()
    {
        var outcome = Launcher.Run("list", "--storage", "");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("--storage must name a file", Assert.Single(outcome.ErrorLines));
    }

    private string Stored(int trials)
    {
        var path = _directory.File("studies.db");
        Assert.Equal(0, Launcher.Run("run", Study, "--trials", trials.ToString(System.Globalization.CultureInfo.InvariantCulture), "--storage", path).ExitCode);
        return path;
    }

    /// <summary>A storage of 40 trials whose trial number 7 is gone, as a lost page would leave it.</summary>
    private string Damaged()
    {
        var path = Stored(trials: 40);
        using (var database = new LiteDB.LiteDatabase(path))
            Assert.Equal(1, database.GetCollection("trials").DeleteMany(LiteDB.Query.EQ("number", 7)));
        return path;
    }

    private static string Sha256(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
}
