namespace MetaOpt.Launcher.Tests;

/// <summary>
/// <c>storage copy</c> copies the blobs of the trials that keep models with the study, so the copy's kept models
/// open from its own artifact folder; an Optuna journal, which holds no artifacts, says it left them out.
/// </summary>
public sealed class StorageCopyArtifactsTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string KeepingStudy()
    {
        var storage = _directory.File("s.db");
        var run = Launcher.Run("run", "synthetic-cold-start", "--trials", "3", "--epochs", "1", "--pruner", "none", "--sampler", "random",
            "--storage", storage, "--seed", "3", "--keep-models", "top-2");
        Assert.True(run.ExitCode == 0, run.Error);
        return storage;
    }

    // Each trial's artifacts as name -> bytes, by number, for the trials whose store still keeps them.
    private static Dictionary<int, Dictionary<string, byte[]>> Kept(string storage)
    {
        using var opened = LiteDbStorage.OpenReadOnly(storage);
        var store = new LocalArtifactStore(storage + ".artifacts");
        return opened.GetAllTrials("synthetic-cold-start")
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
}
