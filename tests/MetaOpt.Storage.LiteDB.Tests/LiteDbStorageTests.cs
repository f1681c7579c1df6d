using LiteDB;
using MetaOpt.TestSupport;

namespace MetaOpt.Storage.LiteDB.Tests;

/// <summary>What only a file storage has to get right: durability, its lock, and refusing files it must not touch.</summary>
public sealed class LiteDbStorageTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void EveryWriteIsInTheDataFileWhenTheCallReturns()
    {
        var path = _directory.File("studies.db");
        var copy = _directory.File("copy.db");
        using (var storage = new LiteDbStorage(path))
        {
            storage.CreateStudy("s", Direction.Minimize);
            var trial = storage.CreateTrial("s", TrialState.Running);
            storage.SetTrialParam(trial.Id, "x", 0.5, new FloatDistribution(0, 1));
            storage.SetTrialIntermediateValue(trial.Id, 3, 0.25);

            // Copying the data file of the open storage is what a killed process leaves behind: no close, no log replay.
            using (var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
            using (var target = File.Create(copy))
                source.CopyTo(target);
        }

        using var reopened = new LiteDbStorage(copy);
        var stored = Assert.Single(reopened.GetAllTrials("s"));
        Assert.Equal(0.5, stored.Params["x"]);
        Assert.Equal(0.25, stored.IntermediateValues[3]);
        Assert.Equal(TrialState.Running, stored.State);
    }

    [Fact]
    public void ASecondStorageOnTheSameFileInThisProcessIsRefusedUntilTheFirstIsDisposed()
    {
        var path = _directory.File("studies.db");
        var first = new LiteDbStorage(path);
        first.CreateStudy("s", Direction.Minimize);

        var refused = Assert.Throws<StorageLockedException>(() => new LiteDbStorage(Path.Combine(_directory.FullPath, ".", "studies.db"), TimeSpan.Zero));

        Assert.Equal(Environment.ProcessId, refused.OwnerProcessId);
        Assert.Contains($"pid {Environment.ProcessId}", refused.Message);
        Assert.Equal("s", Assert.Single(first.GetAllStudies()).Name);
        first.Dispose();
        using var second = new LiteDbStorage(path);
        Assert.Equal("s", Assert.Single(second.GetAllStudies()).Name);
    }

    [Theory]
    [InlineData(100, "shorter than one LiteDB page")]
    [InlineData(20_000, "does not start with a LiteDB header")]
    public void AFileThatIsNotALiteDBDatabaseIsRefusedAndLeftAsItWas(int length, string reason)
    {
        var path = _directory.File("notes.txt");
        var content = new byte[length];
        new Random(5).NextBytes(content);
        File.WriteAllBytes(path, content);

        var refused = Assert.Throws<InvalidStorageFileException>(() => new LiteDbStorage(path));

        Assert.Contains(path, refused.Message);
        Assert.Contains(reason, refused.Message);
        Assert.Equal(content, File.ReadAllBytes(path));
        // The refusal released the lock: trying again is refused for the same reason, not as "in use".
        Assert.Throws<InvalidStorageFileException>(() => new LiteDbStorage(path));
    }

    [Fact]
    public void ALiteDBDatabaseOfAnotherApplicationIsRefusedAndLeftAsItWas()
    {
        var path = _directory.File("shop.db");
        using (var other = new LiteDatabase(path))
            other.GetCollection("customers").Insert(new BsonDocument { ["_id"] = 1, ["name"] = "Ada" });
        var before = File.ReadAllBytes(path);

        var refused = Assert.Throws<InvalidStorageFileException>(() => new LiteDbStorage(path));

        Assert.Contains("another application", refused.Message);
        Assert.Contains("customers", refused.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void AStorageOfANewerSchemaIsRefusedAndLeftAsItWas()
    {
        var path = _directory.File("future.db");
        new LiteDbStorage(path).Dispose();
        using (var database = new LiteDatabase(path))
            database.GetCollection("metaopt").Update(new BsonDocument { ["_id"] = "schema", ["version"] = LiteDbStorage.SchemaVersion + 1 });
        var before = File.ReadAllBytes(path);

        var refused = Assert.Throws<InvalidStorageFileException>(() => new LiteDbStorage(path));

        Assert.Contains($"schema version {LiteDbStorage.SchemaVersion + 1}", refused.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void APathInAMissingDirectoryIsRefusedWithThePathAndWhatToCheck()
    {
        var path = Path.Combine(_directory.FullPath, "missing", "studies.db");

        var refused = Assert.Throws<StorageUnavailableException>(() => new LiteDbStorage(path));

        Assert.Contains(path, refused.Message);
        Assert.Contains("directory exists and is writable", refused.Message);
        Assert.False(Directory.Exists(Path.GetDirectoryName(path)));
    }

    [Fact]
    public void APathBelowARegularFileIsRefusedAndTheFileIsLeftAsItWas()
    {
        var file = _directory.File("plain");
        File.WriteAllText(file, "not a directory");

        var refused = Assert.Throws<StorageUnavailableException>(() => new LiteDbStorage(Path.Combine(file, "studies.db")));

        Assert.Contains("Cannot create or open the storage", refused.Message);
        Assert.Equal("not a directory", File.ReadAllText(file));
    }

    [Fact]
    public void ADirectoryGivenAsTheStorageIsRefusedAndNothingIsCreatedBesideIt()
    {
        var refused = Assert.Throws<StorageUnavailableException>(() => new LiteDbStorage(_directory.FullPath));
        var refusedRead = Assert.Throws<StorageUnavailableException>(() => LiteDbStorage.OpenReadOnly(_directory.FullPath));

        Assert.Contains("is a directory", refused.Message);
        Assert.Contains("is a directory", refusedRead.Message);
        Assert.Empty(Directory.GetFileSystemEntries(_directory.FullPath));
        Assert.Equal([_directory.FullPath], Directory.GetFileSystemEntries(Path.GetDirectoryName(_directory.FullPath)!).Where(p => p.StartsWith(_directory.FullPath, StringComparison.Ordinal)));
    }

    [SkippableFact]
    public void ADeviceGivenAsTheStorageIsRefusedAndNothingIsCreatedBesideIt()
    {
        Requires.MachineWhere(OperatingSystem.IsLinux(), "/dev/null as a device file is a Linux test");
        var before = Directory.GetFileSystemEntries("/dev").Length;

        var refused = Assert.Throws<StorageUnavailableException>(() => new LiteDbStorage("/dev/null"));
        var refusedRead = Assert.Throws<StorageUnavailableException>(() => LiteDbStorage.OpenReadOnly("/dev/null"));

        Assert.Contains("/dev/null is not a regular file", refused.Message);
        Assert.Contains("/dev/null is not a regular file", refusedRead.Message);
        Assert.False(File.Exists("/dev/null.lock"));
        Assert.False(File.Exists("/dev/null-log"));
        Assert.Equal(before, Directory.GetFileSystemEntries("/dev").Length);
    }

    [Fact]
    public void NoFileButTheDatabaseItselfIsLeftBesideIt()
    {
        var path = _directory.File("studies.db");
        using (var storage = new LiteDbStorage(path))
        {
            storage.CreateStudy("s", Direction.Minimize);
            Assert.Throws<StorageLockedException>(() => LiteDbStorage.OpenReadOnly(path, TimeSpan.Zero));
        }

        Assert.Equal([path], Directory.GetFiles(_directory.FullPath));
    }
}
