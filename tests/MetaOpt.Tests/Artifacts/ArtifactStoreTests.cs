using System.Security.Cryptography;
using System.Text;
using MetaOpt.TestSupport;

namespace MetaOpt.Tests.Artifacts;

/// <summary>
/// Trial artifacts end to end in one process: saved by trials, recorded by the storage, read back, exported, released
/// by the keep policy as trials finish (also with several workers finishing at once), deleted with their study, checked.
/// </summary>
public sealed class ArtifactStoreTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "metaopt-artifacts-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }

    private LocalArtifactStore Store() => new(Path.Combine(_folder, "store"));

    private static MemoryStream Bytes(string text) => new(Encoding.UTF8.GetBytes(text));

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static Study NewStudy(IStorage storage, IArtifactStore store, ArtifactKeepPolicy policy, string name = "s", Direction direction = Direction.Minimize) =>
        Study.Create(name, new StudyOptions { Storage = storage, Artifacts = store, KeepArtifacts = policy, Direction = direction, Sampler = new RandomSampler(seed: 1) });

    // Runs one trial that saves the given artifacts and completes with the value.
    private static FrozenTrial RunTrial(Study study, double value, params (string Name, string Text)[] artifacts)
    {
        var trial = study.Ask();
        foreach (var (name, text) in artifacts)
            trial.SaveArtifact(name, Bytes(text), "text/plain");
        return study.Tell(trial, value);
    }

    private static string Read(Stream stream)
    {
        using (stream)
        using (var reader = new StreamReader(stream))
            return reader.ReadToEnd();
    }

    [SkippableFact]
    public void TheStoresLockShutsOutAnotherProcessUntilItLetsGo()
    {
        Requires.Tool(File.Exists("/usr/bin/flock"), "flock(1) not at /usr/bin/flock (Debian: apt-get install util-linux)");
        var store = Store();
        Directory.CreateDirectory(store.Location);
        var start = new System.Diagnostics.ProcessStartInfo("/usr/bin/flock", ["-x", Path.Combine(store.Location, "lock"), "-c", "echo held; read line"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        };
        using var holder = System.Diagnostics.Process.Start(start)!;
        Assert.Equal("held", holder.StandardOutput.ReadLine());

        var taking = Task.Run(store.Lock);
        // The other process holds the lock until it reads a line: nothing here can take it meanwhile.
        Assert.False(taking.Wait(TimeSpan.FromMilliseconds(500)));
        holder.StandardInput.WriteLine();
        holder.WaitForExit();
        using var taken = taking.Result;
        Assert.True(taking.IsCompletedSuccessfully);
    }

    [Fact]
    public void ArtifactsRoundTripThroughTheStorageTheStoreAndAnExport()
    {
        var store = Store();
        using var storage = new InMemoryStorage();
        var study = NewStudy(storage, store, ArtifactKeepPolicy.All);

        var done = RunTrial(study, 0.5, ("model.pt", "weights"), ("model.json", "{\"d\":4}"));

        var read = storage.GetTrial(done.Id);
        Assert.Equal(["model.json", "model.pt"], read.Artifacts.Select(a => a.Name));
        var model = read.Artifacts.Single(a => a.Name == "model.pt");
        Assert.Equal(new ArtifactInfo("model.pt", Hash("weights"), 7, "text/plain"), model);
        Assert.Equal("weights", Read(StudyArtifacts.Open(store, read, "model.pt")));
        Assert.True(File.Exists(Path.Combine(store.Location, "blobs", model.Hash[..2], model.Hash)));
        Assert.Empty(Directory.GetFiles(Path.Combine(store.Location, "tmp")));

        var export = Path.Combine(_folder, "export");
        StudyArtifacts.Export(store, study.Name, read, export);
        Assert.Equal("{\"d\":4}", File.ReadAllText(Path.Combine(export, "model.json")));
        Assert.Equal("weights", File.ReadAllText(Path.Combine(export, "model.pt")));
        var manifest = ArtifactManifestJson.ReadArtifacts(File.ReadAllText(Path.Combine(export, StudyArtifacts.ManifestName)));
        Assert.Equal(read.Artifacts, manifest);
        // A second export into the same folder would mix two trials: refused.
        Assert.Throws<IOException>(() => StudyArtifacts.Export(store, study.Name, read, export));
    }

    [Fact]
    public void AStoreIsCreatedByItsFirstWriteNotByOpeningOrReading()
    {
        var store = Store();
        Assert.Empty(store.Hashes());
        Assert.False(store.Contains(Hash("x")));
        Assert.False(store.IsReleased(1));
        Assert.False(Directory.Exists(store.Location));

        store.Write(Bytes("x"));

        Assert.Equal([Hash("x")], store.Hashes());
    }

    [Fact]
    public void ASavedNameTwiceABadNameOrNoStoreIsRefused()
    {
        var store = Store();
        var study = NewStudy(new InMemoryStorage(), store, ArtifactKeepPolicy.All);
        var trial = study.Ask();
        trial.SaveArtifact("a", Bytes("1"));

        Assert.Contains("already has an artifact named 'a'", Assert.Throws<InvalidOperationException>(() => trial.SaveArtifact("a", Bytes("2"))).Message);
        Assert.Throws<ArgumentException>(() => trial.SaveArtifact("../a", Bytes("2")));
        Assert.Throws<ArgumentException>(() => trial.SaveArtifact("..", Bytes("2")));
        Assert.True(trial.CanSaveArtifacts);
        var bare = Study.Create("bare", new StudyOptions { Storage = study.Storage }).Ask();
        Assert.False(bare.CanSaveArtifacts);
        var error = Assert.Throws<InvalidOperationException>(() => bare.SaveArtifact("a", Bytes("1")));
        Assert.Contains("has no artifact store", error.Message);
        Assert.Single(store.Hashes());
    }

    [Fact]
    public void TheTopKBestTrialsKeepTheirArtifactsAndTheOthersAreReleasedAsTheyFinish()
    {
        var store = Store();
        using var storage = new InMemoryStorage();
        var study = NewStudy(storage, store, new ArtifactKeepPolicy { Top = 2 });
        double[] values = [5, 3, 4, 1, 2];
        var trials = values.Select((v, k) => RunTrial(study, v, ("m", $"model {k}"))).ToList();
        var pruned = study.Ask();
        pruned.SaveArtifact("m", Bytes("pruned"));
        pruned.Report(9, 0);
        study.Tell(pruned, TrialState.Pruned);

        // Values 1 and 2 (trials 3 and 4) are the two best.
        Assert.Equal(new[] { Hash("model 3"), Hash("model 4") }.Order(StringComparer.Ordinal), store.Hashes());
        foreach (var trial in trials)
            Assert.Equal(trial.Number is 3 or 4, !store.IsReleased(trial.Id));
        Assert.True(store.IsReleased(pruned.Id));
        var released = Assert.Throws<InvalidDataException>(() => StudyArtifacts.Open(store, storage.GetTrial(trials[0].Id), "m"));
        Assert.Contains("keep policy released them", released.Message);
        var check = StudyArtifacts.Check(storage, store);
        Assert.True(check.IsSound, string.Join("\n", check.Problems));
        Assert.Empty(check.Orphans);
        Assert.Equal(2, check.Artifacts);
    }

    [Fact]
    public void ABlobSharedWithAKeptTrialIsNotDeleted()
    {
        var store = Store();
        using var storage = new InMemoryStorage();
        var study = NewStudy(storage, store, new ArtifactKeepPolicy { Top = 1 }, direction: Direction.Maximize);

        var best = RunTrial(study, 10, ("vocab", "shared"), ("m", "best"));
        var worse = RunTrial(study, 1, ("vocab", "shared"), ("m", "worse"));

        Assert.True(store.IsReleased(worse.Id));
        Assert.False(store.IsReleased(best.Id));
        Assert.Equal(new[] { Hash("best"), Hash("shared") }.Order(StringComparer.Ordinal), store.Hashes());
        Assert.True(StudyArtifacts.Check(storage, store).IsSound);
    }

    [Fact]
    public void TheSizeCapKeepsTheLongestRunOfBestTrialsThatFits()
    {
        var store = Store();
        using var storage = new InMemoryStorage();
        // 10 bytes each: the best two fit in 25 bytes, the third would not.
        var study = NewStudy(storage, store, new ArtifactKeepPolicy { Top = null, MaxBytes = 25 });
        var trials = new[] { 3.0, 1.0, 2.0, 0.5 }.Select((v, k) => RunTrial(study, v, ("m", $"model-{k:D4}"))).ToList();

        Assert.Equal(new[] { Hash("model-0001"), Hash("model-0003") }.Order(StringComparer.Ordinal), store.Hashes());
        Assert.Equal([true, false, true, false], trials.Select(t => store.IsReleased(t.Id)));
    }

    [Fact]
    public void ANegativePolicyIsRefusedBeforeTheStudyIsCreated()
    {
        using var storage = new InMemoryStorage();
        Assert.Throws<ArgumentOutOfRangeException>(() => NewStudy(storage, Store(), new ArtifactKeepPolicy { Top = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => NewStudy(storage, Store(), new ArtifactKeepPolicy { MaxBytes = -5 }));
        Assert.Empty(storage.GetAllStudies());
    }

    [Fact]
    public void NoneReleasesEveryFinishedTrialAndAllKeepsEvenFailedOnes()
    {
        var none = NewStudy(new InMemoryStorage(), new LocalArtifactStore(Path.Combine(_folder, "none")), ArtifactKeepPolicy.None);
        RunTrial(none, 1, ("m", "x"));
        Assert.Empty(none.Options.Artifacts!.Hashes());

        var all = NewStudy(new InMemoryStorage(), new LocalArtifactStore(Path.Combine(_folder, "all")), ArtifactKeepPolicy.All);
        var failed = all.Ask();
        failed.SaveArtifact("m", Bytes("failed"));
        all.Tell(failed, TrialState.Failed);
        RunTrial(all, 1, ("m", "complete"));
        Assert.Equal(2, all.Options.Artifacts!.Hashes().Count);
    }

    /// <summary>
    /// The argument that makes concurrent finishes safe, tested: for random studies, a trial that the policy lets go
    /// among a subset of the Complete trials is let go among every superset (here: every longer prefix of finishes).
    /// </summary>
    [Theory]
    [InlineData(3, null)]
    [InlineData(5, 120L)]
    [InlineData(null, 60L)]
    public void ATrialOutsideTheKeptSetOfASubsetStaysOutsideInEverySuperset(int? top, long? cap)
    {
        var random = new Random(11);
        var policy = new ArtifactKeepPolicy { Top = top, MaxBytes = cap };
        var trials = Enumerable.Range(0, 40).Select(k => new FrozenTrial
        {
            Id = k,
            Number = k,
            State = TrialState.Complete,
            Value = Math.Round(random.NextDouble(), 1),
            SystemAttrs = new Dictionary<string, object>
            {
                // A few blobs are shared (the same hash), sizes 5 to 30 bytes.
                [ArtifactInfo.AttrPrefix + "m"] = ArtifactJson.Write(new ArtifactInfo("m", Hash($"blob {random.Next(25)}"), 0, "x") with { Size = 5 + (k * 7) % 26 }),
            },
        }).ToList();
        var everReleased = new HashSet<long>();
        var checkedReleases = 0;
        for (var n = 1; n <= trials.Count; n++)
        {
            var kept = StudyArtifacts.Kept(trials.Take(n).ToList(), Direction.Minimize, policy);
            // Nothing released earlier is kept now.
            Assert.DoesNotContain(everReleased, kept.Contains);
            var released = trials.Take(n).Select(t => t.Id).Where(id => !kept.Contains(id)).ToList();
            checkedReleases += released.Count;
            everReleased.UnionWith(released);
            if (top is { } k)
                Assert.True(kept.Count <= k);
        }
        Assert.True(checkedReleases > 0);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void AMultiObjectiveStudyKeepsItsWholeParetoFrontsModelsAndReleasesEachDominatedTrial(int top)
    {
        var store = Store();
        using var storage = new InMemoryStorage();
        var study = Study.Create("mo", new StudyOptions
        {
            Storage = storage, Artifacts = store, KeepArtifacts = new ArtifactKeepPolicy { Top = top },
            Directions = [Direction.Minimize, Direction.Maximize], Sampler = new RandomSampler(seed: 1),
        });
        // (error, accuracy): #1 dominates #0, #2 and #3 trade off against #1, #4 is dominated by #2.
        double[][] values = [[3, 1], [2, 2], [1, 1.5], [4, 5], [1.5, 1]];

        var released = new List<IReadOnlyList<long>>();
        foreach (var value in values)
        {
            var trial = study.Ask();
            trial.SaveArtifact("model", Bytes($"model {trial.Number}"));
            study.Tell(trial, value);
            released.Add([.. storage.GetAllTrials("mo").Where(t => store.IsReleased(t.Id)).Select(t => t.Number)]);
        }

        // Top does not cut the front (three trials, more than one): a trial off it never returns to it.
        Assert.Equal([[], [0], [0], [0], [0, 4]], released);
        var trials = storage.GetAllTrials("mo");
        Assert.Equal([1, 2, 3], StudyArtifacts.Kept(trials, study.Directions, study.Options.KeepArtifacts).Select(id => trials.Single(t => t.Id == id).Number).Order());
        Assert.Empty(StudyArtifacts.Kept(trials, study.Directions, ArtifactKeepPolicy.None));
        var check = StudyArtifacts.Check(storage, store);
        Assert.True(check.IsSound, string.Join("\n", check.Problems));
    }

    [Fact]
    public void WorkersFinishingAtOnceKeepExactlyTheBestTrialsBlobs()
    {
        var store = Store();
        using var storage = new InMemoryStorage();
        var study = NewStudy(storage, store, new ArtifactKeepPolicy { Top = 5 });

        study.Optimize(trial =>
        {
            var x = trial.SuggestInt("x", 0, 1000);
            // Pairs of trials with the same x save the same bytes: shared blobs race with releases.
            trial.SaveArtifact("model", Bytes($"model of {x % 50}"));
            trial.SaveArtifact("own", Bytes($"trial {trial.Number}"));
            Thread.Sleep(1);
            return x % 50;
        }, trials: 60, parallelism: 6);

        var trials = storage.GetAllTrials("s");
        var kept = StudyArtifacts.Kept(trials, Direction.Minimize, study.Options.KeepArtifacts);
        Assert.Equal(5, kept.Count);
        var expected = trials.Where(t => kept.Contains(t.Id)).SelectMany(t => t.Artifacts.Select(a => a.Hash)).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(expected, store.Hashes());
        Assert.All(trials, t => Assert.Equal(!kept.Contains(t.Id), store.IsReleased(t.Id)));
        var check = StudyArtifacts.Check(storage, store);
        Assert.True(check.IsSound, string.Join("\n", check.Problems));
        Assert.Empty(check.Orphans);
    }

    [Fact]
    public void DeletingAStudyDeletesTheBlobsOnlyItsTrialsReferenced()
    {
        var store = Store();
        using var storage = new InMemoryStorage();
        var gone = NewStudy(storage, store, ArtifactKeepPolicy.All, "gone");
        var stays = NewStudy(storage, store, ArtifactKeepPolicy.All, "stays");
        RunTrial(gone, 1, ("m", "only gone"), ("v", "shared"));
        RunTrial(stays, 1, ("v", "shared"));

        StudyArtifacts.DeleteStudy(storage, store, "gone");

        Assert.Null(storage.FindStudy("gone"));
        Assert.Equal([Hash("shared")], store.Hashes());
        Assert.True(StudyArtifacts.Check(storage, store).IsSound);
    }

    [Fact]
    public void ACopiedStudysTrialsKeepTheReleasesOfTheirOriginals()
    {
        var store = Store();
        using var storage = new InMemoryStorage();
        var study = NewStudy(storage, store, new ArtifactKeepPolicy { Top = 1 });
        RunTrial(study, 1, ("m", "kept"));
        RunTrial(study, 2, ("m", "released"));
        var originals = storage.GetAllTrials("s");

        StudyCopy.Copy(storage, storage, "s", "copy");
        Assert.False(StudyArtifacts.Check(storage, store).IsSound);
        StudyArtifacts.CarryReleases(store, originals, storage.GetAllTrials("copy"), originalsDeleted: false);

        var check = StudyArtifacts.Check(storage, store);
        Assert.True(check.IsSound, string.Join("\n", check.Problems));
        Assert.Equal(2, check.Artifacts);
        Assert.Equal([false, true], storage.GetAllTrials("copy").Select(t => store.IsReleased(t.Id)));
    }

    [Fact]
    public void ACheckReportsOrphanBlobsAndMissingOrDamagedFiles()
    {
        var store = Store();
        using var storage = new InMemoryStorage();
        var study = NewStudy(storage, store, ArtifactKeepPolicy.All);
        var trial = RunTrial(study, 1, ("gone", "deleted by hand"), ("bent", "changed by hand"), ("fine", "fine"));
        var orphan = store.Write(Bytes("nobody's"));
        store.Delete(Hash("deleted by hand"));
        File.WriteAllText(Path.Combine(store.Location, "blobs", Hash("changed by hand")[..2], Hash("changed by hand")), "other");

        var check = StudyArtifacts.Check(storage, store);

        Assert.False(check.IsSound);
        Assert.Equal([orphan.Hash], check.Orphans);
        Assert.Equal(2, check.Problems.Count);
        Assert.Contains(check.Problems, p => p.StartsWith($"trial {trial.Number} of study 's': artifact 'gone' is missing", StringComparison.Ordinal));
        Assert.Contains(check.Problems, p => p.StartsWith($"trial {trial.Number} of study 's': artifact 'bent' is damaged", StringComparison.Ordinal));
        Assert.Throws<InvalidDataException>(() => StudyArtifacts.Export(store, "s", storage.GetTrial(trial.Id), Path.Combine(_folder, "bent")));
    }
}
