using MetaOpt.Storage.Testing;
using MetaOpt.TestSupport;

namespace MetaOpt.Storage.LiteDB.Tests;

/// <summary>A storage on a device that fills up: one clear exception, every finished write kept, reads still work.</summary>
/// <remarks>The device is a small tmpfs, mounted for the test; that needs root (as in CI).</remarks>
public sealed class DiskFullTests
{
    [SkippableFact]
    public void AFullDiskStopsWritesWithOneExceptionKeepsEveryFinishedTrialAndLetsReadsWork()
    {
        using var device = TmpfsMount.Create("256k");
        var path = device.File("studies.db");
        var finished = new List<FrozenTrial>();
        StorageFullException? full = null;
        using (var storage = new LiteDbStorage(path))
        {
            storage.CreateStudy("s", Direction.Minimize);
            try
            {
                for (var i = 0; i < 10_000; i++)
                {
                    var trial = storage.CreateTrial("s", TrialState.Running);
                    storage.SetTrialUserAttr(trial.Id, "log", new string('x', 4000));
                    storage.FinishTrial(trial.Id, TrialState.Complete, i, null);
                    finished.Add(storage.GetTrial(trial.Id));
                }
            }
            catch (StorageFullException e)
            {
                full = e;
            }

            Assert.NotNull(full);
            Assert.Equal($"No space left on the device holding {path}.", full.Message);
            Assert.NotEmpty(finished);
            // Once full, the storage refuses every write the same way, rather than writing into a file in doubt.
            Assert.Throws<StorageFullException>(() => storage.CreateTrial("s", TrialState.Running));
            Assert.Throws<StorageFullException>(() => storage.SetStudyUserAttr("s", "k", 1));
        }

        var before = SampleStorage.Fingerprint(path);
        using (var reader = LiteDbStorage.OpenReadOnly(path))
        {
            var stored = reader.GetAllTrials("s");
            Assert.True(stored.Count >= finished.Count);
            foreach (var (expected, actual) in finished.Zip(stored))
                StorageContractTests.AssertSameTrial(expected, actual);
        }
        Assert.True(LiteDbStorage.Check(path).IsSound);
        Assert.Equal(before, SampleStorage.Fingerprint(path));
    }
}
