namespace MetaOpt.Storage.Optuna.Tests;

/// <summary>MetaOpt appends to a journal under Optuna's own lock (<c>FILE.lock</c>, a symbolic link), as a Python writer does.</summary>
public sealed class JournalLockTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void AnAppendWaitsForOptunasLockAndFreesItAfter()
    {
        var history = Fixture.Read("journal");
        var journal = _folder.File("held.journal");
        File.Copy(Fixture.Path("bowl.journal"), journal);
        File.CreateSymbolicLink(journal + ".lock", journal);
        // The holder frees the lock a moment later, as Python's writer does after its append.
        var holder = Task.Run(async () =>
        {
            await Task.Delay(200);
            File.Delete(journal + ".lock");
        });

        OptunaJournal.Write(journal, history.Studies, ["added"]);
        holder.Wait();

        Assert.Equal(["bowl", "added"], OptunaJournal.Read(journal).StudyNames);
        Assert.False(File.Exists(journal + ".lock") || new FileInfo(journal + ".lock").LinkTarget is not null);
        Assert.Equal([journal], Directory.GetFiles(_folder.Path));
    }

    [Fact]
    public void ALockHeldTooLongOrARefusedStudyWritesNothingAndLeavesNoNewFile()
    {
        var history = Fixture.Read("journal");
        var held = _folder.File("held.journal");
        File.Copy(Fixture.Path("bowl.journal"), held);
        var before = File.ReadAllText(held);
        File.CreateSymbolicLink(held + ".lock", held);
        var fresh = _folder.File("fresh.journal");
        var freshExisted = File.Exists(fresh);

        var timeout = Assert.Throws<IOException>(() => OptunaJournal.Write(held, history.Studies, ["added"], TimeSpan.FromMilliseconds(50)));
        var afterTimeout = File.ReadAllText(held);
        var missing = Assert.Throws<KeyNotFoundException>(() => OptunaJournal.Write(fresh, history.Studies, ["nosuch"]));
        var freshLeft = File.Exists(fresh);
        File.Delete(held + ".lock");
        OptunaJournal.Write(held, history.Studies, ["optimized"]);
        var written = File.ReadAllText(held);
        var taken = Assert.Throws<InvalidOperationException>(() => OptunaJournal.Write(held, history.Studies, ["added", "optimized"]));

        Assert.StartsWith($"The Optuna journal's lock '{held}.lock' stayed held for 0.05 s", timeout.Message);
        Assert.Equal(before, afterTimeout);
        Assert.Equal("No study named 'nosuch' to write.", missing.Message);
        Assert.Equal($"The Optuna journal '{held}' already has a study 'optimized'.", taken.Message);
        Assert.Equal(written, File.ReadAllText(held));
        Assert.False(freshExisted || freshLeft);
        Assert.Equal([held], Directory.GetFiles(_folder.Path));
    }
}
