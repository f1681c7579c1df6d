using System.Security.Cryptography;

namespace MetaOpt.Storage.LiteDB.Tests;

/// <summary>Storage files with known contents for the tests that damage, read or fill them, and their fingerprints.</summary>
internal static class SampleStorage
{
    /// <summary>Writes <paramref name="studies"/> studies of <paramref name="trialsPerStudy"/> finished trials each, with parameters, reports and attributes.</summary>
    public static void Write(string path, int studies, int trialsPerStudy)
    {
        using var storage = new LiteDbStorage(path);
        for (var s = 0; s < studies; s++)
        {
            var name = $"study-{s}";
            storage.CreateStudy(name, Direction.Minimize);
            storage.SetStudyUserAttr(name, "description", new string('d', 200));
            for (var t = 0; t < trialsPerStudy; t++)
            {
                var trial = storage.CreateTrial(name, TrialState.Running);
                storage.SetTrialParam(trial.Id, "x", t / (double)trialsPerStudy, new FloatDistribution(0, 1));
                storage.SetTrialIntermediateValue(trial.Id, 0, t);
                storage.SetTrialUserAttr(trial.Id, "note", new string('n', 300));
                storage.FinishTrial(trial.Id, TrialState.Complete, t, null);
            }
        }
    }

    /// <summary>The SHA-256 of the file, or of nothing when it does not exist.</summary>
    public static string Sha256(string path) =>
        File.Exists(path) ? Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))) : "absent";

    /// <summary>The fingerprint of a storage file and the log file LiteDB keeps beside it.</summary>
    public static string Fingerprint(string path) => $"{Sha256(path)} log {Sha256(Storages.Files.ReadOnlyDatabase.LogPath(path))}";
}
