using MetaOpt.TestSupport;

namespace MetaOpt.Storage.LiteDB.Tests;

/// <summary><see cref="LiteDbStorage.OpenReadOnly(string)"/>: what reads (list, show, export, report) open; it never writes a byte.</summary>
public sealed class ReadOnlyStorageTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void ReadingAStorageReadsEverythingAndChangesNoByte()
    {
        var path = _directory.File("studies.db");
        SampleStorage.Write(path, studies: 2, trialsPerStudy: 5);
        var before = SampleStorage.Fingerprint(path);

        using (var storage = LiteDbStorage.OpenReadOnly(path))
        {
            Assert.True(storage.IsReadOnly);
            Assert.Equal(["study-0", "study-1"], storage.GetAllStudies().Select(s => s.Name));
            Assert.Equal([0.0, 1, 2, 3, 4], storage.GetAllTrials("study-1").Select(t => t.Value!.Value));
            Assert.Equal(0.4, storage.GetTrial(storage.GetAllTrials("study-0")[2].Id).Params["x"]);
        }

        Assert.Equal(before, SampleStorage.Fingerprint(path));
        Assert.Equal([path], Directory.GetFiles(_directory.FullPath));
    }

    [Fact]
    public void EveryWriteOfAReadOnlyStorageIsRefusedAndChangesNothing()
    {
        var path = _directory.File("studies.db");
        SampleStorage.Write(path, studies: 1, trialsPerStudy: 1);
        var before = SampleStorage.Fingerprint(path);
        using var storage = LiteDbStorage.OpenReadOnly(path);
        var id = storage.GetAllTrials("study-0")[0].Id;

        var writes = new Action[]
        {
            () => storage.CreateStudy("new", Direction.Minimize),
            () => storage.DeleteStudy("study-0"),
            () => storage.SetStudyUserAttr("study-0", "k", 1),
            () => storage.CreateTrial("study-0", TrialState.Running),
            () => storage.ClaimWaitingTrial("study-0"),
            () => storage.SetTrialUserAttr(id, "k", 1),
            () => storage.RecordHeartbeat(id),
            () => storage.FinishTrial(id, TrialState.Failed, null, "no"),
            () => storage.FailTrialAndRetry(id, "no", new Dictionary<string, object>(), null),
        };

        foreach (var write in writes)
            Assert.Contains("opened read-only", Assert.Throws<InvalidOperationException>(write).Message);
        Assert.Equal(before, SampleStorage.Fingerprint(path));
    }

    [Fact]
    public void AnEmptyFileReadsAsAStorageWithoutStudiesAndStaysEmpty()
    {
        var path = _directory.File("empty.db");
        File.WriteAllBytes(path, []);

        using (var storage = LiteDbStorage.OpenReadOnly(path))
            Assert.Empty(storage.GetAllStudies());

        Assert.Equal(0, new FileInfo(path).Length);
        Assert.Equal([path], Directory.GetFiles(_directory.FullPath));
    }

    [Fact]
    public void AMissingFileIsRefusedAndNotCreated()
    {
        var path = _directory.File("missing.db");

        var refused = Assert.Throws<StorageUnavailableException>(() => LiteDbStorage.OpenReadOnly(path));

        Assert.Contains("does not exist", refused.Message);
        Assert.Empty(Directory.GetFiles(_directory.FullPath));
    }

    [Fact]
    public void AReaderHoldsTheFileOnlyWhileReadingAndFollowsWhatAWriterWroteSince()
    {
        var path = _directory.File("studies.db");
        SampleStorage.Write(path, studies: 1, trialsPerStudy: 1);
        using var reader = LiteDbStorage.OpenReadOnly(path);
        using var otherReader = LiteDbStorage.OpenReadOnly(path);

        using (var writer = new LiteDbStorage(path, TimeSpan.Zero))
        {
            writer.CreateStudy("added", Direction.Maximize);
            // While the writer holds the file, a reader answers with what it read last.
            Assert.Equal(["study-0"], reader.GetAllStudies().Select(s => s.Name));
        }

        Assert.Equal(["study-0", "added"], reader.GetAllStudies().Select(s => s.Name));
        Assert.Equal(Direction.Maximize, otherReader.FindStudy("added")!.Direction);
        Assert.Single(reader.GetAllTrials("study-0"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void OpenersWaitForAWriterThatLetsGoInsteadOfBeingRefused(bool readOnly)
    {
        var path = _directory.File("studies.db");
        SampleStorage.Write(path, studies: 1, trialsPerStudy: 1);
        var writer = new LiteDbStorage(path);
        var letGo = Task.Run(() =>
        {
            Thread.Sleep(300);
            writer.Dispose();
        });

        using (var opened = readOnly ? LiteDbStorage.OpenReadOnly(path, TimeSpan.FromMinutes(5)) : new LiteDbStorage(path, TimeSpan.FromMinutes(5)))
            Assert.Single(opened.GetAllStudies());
        letGo.Wait();
    }

    [SkippableFact]
    public void AStorageOnAReadOnlyDeviceIsRefusedToWritersSayingReadsWorkAndReadAsUsual()
    {
        using var device = TmpfsMount.Create("1m");
        var path = device.File("studies.db");
        SampleStorage.Write(path, studies: 1, trialsPerStudy: 2);
        device.MakeReadOnly();

        var refused = Assert.Throws<StorageUnavailableException>(() => new LiteDbStorage(path));
        using var reader = LiteDbStorage.OpenReadOnly(path);

        Assert.True(refused.IsReadOnly);
        Assert.StartsWith($"Cannot write the storage {path}: it is read-only (", refused.Message);
        Assert.EndsWith("). Reading it works.", refused.Message);
        Assert.Equal(2, reader.GetAllTrials("study-0").Count);
    }
}
