namespace MetaOpt.Launcher.Tests;

/// <summary>
/// <c>storage copy</c> copies the blobs of the trials that keep models with the study, so the copy's kept models
/// open from its own artifact folder; an Optuna journal, which holds no artifacts, says it left them out.
/// </summary>
public sealed class StorageCopyArtifactsTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string KeepingStudy(string name = "synthetic-cold-start")
    {
        var storage = _directory.File("s.db");
        var run = Launcher.Run("run", "synthetic-cold-start", "--name", name, "--trials", "3", "--epochs", "1", "--pruner", "none", "--sampler", "random",
            "--storage", storage, "--seed", "3", "--keep-models", "top-2");
        Assert.True(run.ExitCode == 0, run.Error);
        return storage;
    }

    // Each trial's artifacts as name -> bytes, by number, for the trials whose store still keeps them.
    private static Dictionary<int, Dictionary<string, byte[]>> Kept(string storage, string name = "synthetic-cold-start")
    {
        using var opened = LiteDbStorage.OpenReadOnly(storage);
        var store = new LocalArtifactStore(storage + ".artifacts");
        return opened.GetAllTrials(name)
            .Where(t => t.Artifacts.Count > 0 && !store.IsReleased(t.Id))
            .ToDictionary(t => t.Number, t => t.Artifacts.ToDictionary(a => a.Name, a =>
            {
                using var blob = store.OpenRead(a.Hash);
                using var bytes = new MemoryStream();
                blob.CopyTo(bytes);
                return bytes.ToArray();
            }));
    }

    [Fact]
    public void ACopiedStudysKeptModelsAreByteIdenticalAndExportFromTheCopy()
    {
        var storage = KeepingStudy();
        var target = _directory.File("copy.db");

        var copy = Launcher.Run("storage", "copy", "--from", storage, "--to", target);

        Assert.True(copy.ExitCode == 0, copy.Error);
        Assert.Contains($"copied into '{Path.GetFullPath(target)}.artifacts'.", copy.Output);
        var original = Kept(storage);
        var copied = Kept(target);
        Assert.Equal(2, original.Count);
        Assert.Equal(original.Keys.Order(), copied.Keys.Order());
        foreach (var (number, files) in original)
        {
            Assert.Equal(files.Keys.Order(), copied[number].Keys.Order());
            foreach (var (name, bytes) in files)
                Assert.Equal(bytes, copied[number][name]);
        }
        // The trial the keep policy let go is marked so in the copy too: the copy's folder checks sound, no orphans.
        var check = Launcher.Run("storage", "check", target);
        Assert.True(check.ExitCode == 0, check.Output + check.Error);
        Assert.Contains($"Artifacts in {Path.GetFullPath(target)}.artifacts: 4 kept, all present; no orphan blobs.", check.Output);

        var fromOriginal = _directory.File("export-original");
        var fromCopy = _directory.File("export-copy");
        Assert.Equal(0, Launcher.Run("best", "synthetic-cold-start", "--storage", storage, "--export-model", fromOriginal).ExitCode);
        var exported = Launcher.Run("best", "synthetic-cold-start", "--storage", target, "--export-model", fromCopy);
        Assert.True(exported.ExitCode == 0, exported.Error);
        foreach (var file in new[] { "model.safetensors", "model.json" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(fromOriginal, file)), File.ReadAllBytes(Path.Combine(fromCopy, file)));
    }

    [Fact]
    public void AnOptunaJournalSaysInOneLineThatItLeftTheKeptModelsOut()
    {
        var storage = KeepingStudy();
        var files = Kept(storage).Values.Sum(f => f.Count);

        var journal = Launcher.Run("storage", "copy", "--from", storage, "--to", "optuna-journal:" + _directory.File("j.log"));

        Assert.True(journal.ExitCode == 0, journal.Error);
        Assert.Equal(
            $"The kept models ({files} files) were not copied: an Optuna journal holds no artifacts; they stay in the source's artifact folder.",
            Assert.Single(journal.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), l => l.Contains("kept models", StringComparison.Ordinal)));
        var refused = Launcher.Run("storage", "copy", "--from", storage, "--to", "optuna-journal:" + _directory.File("k.log"), "--artifacts", _directory.File("a"));
        Assert.Equal(2, refused.ExitCode);
        Assert.Equal($"metaopt: --artifacts '{_directory.File("a")}': an Optuna journal holds no artifacts; run without it", Assert.Single(refused.ErrorLines));
        Assert.False(File.Exists(_directory.File("k.log")));
    }

    /// <summary>
    /// To PostgreSQL the kept models need a folder, given once: refused without one before anything is written, then
    /// copied into it (and recorded), and back to a LiteDB file beside which they land byte for byte.
    /// </summary>
    [SkippableFact]
    public void KeptModelsGoToPostgresqlThroughTheFolderGivenAndComeBackBesideAFile()
    {
        var url = Environment.GetEnvironmentVariable("METAOPT_TEST_POSTGRES");
        Skip.If(url is null && Environment.GetEnvironmentVariable("CI") is null, "METAOPT_TEST_POSTGRES is not set");
        Assert.NotNull(url);
        var name = "copy-" + Guid.NewGuid().ToString("N")[..8];
        var storage = KeepingStudy(name);
        try
        {
            var refused = Launcher.Run("storage", "copy", "--from", storage, "--to", url, "--study", name);
            Assert.Equal(2, refused.ExitCode);
            Assert.Equal(
                $"metaopt: study '{name}' keeps trained models, and a PostgreSQL database has no folder beside it: pass --artifacts DIR, a folder its workers reach; nothing was written",
                Assert.Single(refused.ErrorLines));
            Assert.NotEqual(0, Launcher.Run("show", name, "--storage", url).ExitCode);

            var folder = _directory.File("pg-artifacts");
            var there = Launcher.Run("storage", "copy", "--from", storage, "--to", url, "--study", name, "--artifacts", folder);
            Assert.True(there.ExitCode == 0, there.Error);
            Assert.Contains($"copied into '{Path.GetFullPath(folder)}'.", there.Output);

            var back = _directory.File("back.db");
            var home = Launcher.Run("storage", "copy", "--from", url, "--to", back, "--study", name);
            Assert.True(home.ExitCode == 0, home.Error);
            // Beside the file now: the copy records the file's own folder, not the database's.
            Assert.Contains($"copied into '{Path.GetFullPath(back)}.artifacts'.", home.Output);
            var original = Kept(storage, name);
            var returned = Kept(back, name);
            Assert.Equal(original.Keys.Order(), returned.Keys.Order());
            foreach (var (number, files) in original)
                foreach (var (file, bytes) in files)
                    Assert.Equal(bytes, returned[number][file]);
            var exported = Launcher.Run("best", name, "--storage", back, "--export-model", _directory.File("export"));
            Assert.True(exported.ExitCode == 0, exported.Error);
        }
        finally
        {
            Launcher.Run("study", "delete", name, "--storage", url, "--yes");
        }
    }
}
