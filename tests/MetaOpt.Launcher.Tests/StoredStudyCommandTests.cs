using System.Globalization;

namespace MetaOpt.Launcher.Tests;

/// <summary><c>metaopt study delete|rename|copy</c>: exact copies, renames in one commit, and refusals that change nothing.</summary>
public sealed class StoredStudyCommandTests : IDisposable
{
    private const string StudyName = "functions-branin";
    private readonly TemporaryDirectory _directory = new();
    private readonly string _storage;

    public StoredStudyCommandTests()
    {
        _storage = _directory.File("studies.db");
        Assert.Equal(0, Launcher.Run("run", StudyName, "--trials", "6", "--storage", _storage, "--seed", "3").ExitCode);
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void CopyKeepsEveryTrialAndTheOriginal()
    {
        var outcome = Launcher.Run("study", "copy", StudyName, "branin-copy", "--storage", _storage);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("Copied study 'functions-branin' to 'branin-copy' (6 trials)", outcome.Output);
        using var storage = new LiteDbStorage(_storage);
        var original = storage.GetAllTrials(StudyName);
        var copy = storage.GetAllTrials("branin-copy");
        Assert.Equal(6, original.Count);
        Assert.Equal(original.Select(Comparable), copy.Select(Comparable));
        Assert.Empty(original.Select(t => t.Id).Intersect(copy.Select(t => t.Id)));
        Assert.Equal(storage.FindStudy(StudyName)!.UserAttrs["sampler"], storage.FindStudy("branin-copy")!.UserAttrs["sampler"]);
    }

    [Fact]
    public void RenameMovesTheTrialsAndARunResumesUnderTheNewName()
    {
        List<string> before;
        using (var storage = new LiteDbStorage(_storage))
            before = storage.GetAllTrials(StudyName).Select(Comparable).ToList();

        var outcome = Launcher.Run("study", "rename", StudyName, "branin-tpe", "--storage", _storage);
        var resumed = Launcher.Run("run", StudyName, "--name", "branin-tpe", "--trials", "8", "--storage", _storage, "--seed", "3");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(0, resumed.ExitCode);
        Assert.Contains("running 2 more", resumed.Output);
        using var after = new LiteDbStorage(_storage);
        Assert.Null(after.FindStudy(StudyName));
        Assert.Equal(before, after.GetAllTrials("branin-tpe").Take(6).Select(Comparable));
    }

    [Fact]
    public void DeleteWithoutYesIsRefusedWhenNoOneCanAnswer()
    {
        var refused = Launcher.Run("study", "delete", StudyName, "--storage", _storage);

        Assert.Equal(2, refused.ExitCode);
        Assert.Equal("metaopt: deleting study 'functions-branin' (6 trials) cannot be undone: pass --yes to confirm", Assert.Single(refused.ErrorLines));
        using (var storage = new LiteDbStorage(_storage))
            Assert.Equal(6, storage.GetAllTrials(StudyName).Count);

        var deleted = Launcher.Run("study", "delete", StudyName, "--storage", _storage, "--yes");

        Assert.Equal(0, deleted.ExitCode);
        using var after = new LiteDbStorage(_storage);
        Assert.Empty(after.GetAllStudies());
    }

    [Fact]
    public void ATakenNameAMissingStudyAndAHeldStorageChangeNothing()
    {
        Assert.Equal(0, Launcher.Run("study", "copy", StudyName, "other", "--storage", _storage).ExitCode);

        var taken = Launcher.Run("study", "rename", StudyName, "other", "--storage", _storage);
        var missing = Launcher.Run("study", "delete", "functions-branon", "--storage", _storage, "--yes");
        var badName = Launcher.Run("study", "copy", StudyName, "a/b", "--storage", _storage);
        LauncherOutcome held;
        using (new LiteDbStorage(_storage))
            held = Launcher.Run("study", "delete", StudyName, "--storage", _storage, "--yes");

        Assert.Equal(2, taken.ExitCode);
        Assert.Contains("already has a study 'other'", Assert.Single(taken.ErrorLines));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("did you mean 'functions-branin'?", Assert.Single(missing.ErrorLines));
        Assert.Equal(2, badName.ExitCode);
        Assert.StartsWith("metaopt: invalid new name", Assert.Single(badName.ErrorLines));
        Assert.Equal(1, held.ExitCode);
        Assert.StartsWith("metaopt: ", Assert.Single(held.ErrorLines));
        using var storage = new LiteDbStorage(_storage);
        Assert.Equal(["functions-branin", "other"], storage.GetAllStudies().Select(s => s.Name).Order());
        Assert.Equal(6, storage.GetAllTrials(StudyName).Count);
    }

    /// <summary>Everything a trial holds except its storage-wide id.</summary>
    private static string Comparable(FrozenTrial trial) => string.Join('|',
        trial.Number, trial.State, trial.Value?.ToString("R", CultureInfo.InvariantCulture),
        string.Join(',', trial.Params.Select(kv => $"{kv.Key}={kv.Value}")),
        string.Join(',', trial.IntermediateValues), string.Join(',', trial.UserAttrs.Select(kv => $"{kv.Key}={kv.Value}")),
        string.Join(',', trial.SystemAttrs.Select(kv => $"{kv.Key}={kv.Value}")),
        trial.DatetimeStart?.Ticks, trial.DatetimeComplete?.Ticks, trial.FailReason);
}
