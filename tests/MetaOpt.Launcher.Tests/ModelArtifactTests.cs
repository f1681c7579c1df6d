using System.Globalization;
using System.Text.Json;

namespace MetaOpt.Launcher.Tests;

/// <summary>
/// The recommender keeps its models: trials save them beside the storage under the keep policy, the best one is
/// exported with a manifest, predicts from the study or from the exported folder alike, and goes with its study.
/// The data is generated into MovieLens 100K's format (tests never read MovieLens itself).
/// </summary>
public sealed class ModelArtifactTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string GeneratedMovieLens() => MovieLensFiles.Write(Directory.CreateDirectory(_directory.File("ml")).FullName);

    [Fact]
    public void TheBestModelIsKeptExportedPredictsAndGoesWithItsStudy()
    {
        var data = GeneratedMovieLens();
        var storage = _directory.File("s.db");
        var run = Launcher.Run("run", "movielens-maml", "--data", data, "--trials", "3", "--epochs", "1", "--pruner", "none",
            "--sampler", "random", "--storage", storage, "--seed", "4", "--keep-models", "top-1");
        Assert.True(run.ExitCode == 0, run.Error);

        string bestHash;
        using (var opened = LiteDbStorage.OpenReadOnly(storage))
        {
            var trials = opened.GetAllTrials("movielens-maml");
            // A random configuration may diverge (then it is pruned, with no model); the others each saved theirs.
            var complete = trials.Where(t => t.State == TrialState.Complete).ToList();
            Assert.True(complete.Count >= 2, string.Join("; ", trials.Select(t => $"{t.State} {t.FailReason} {t.UserAttrs.GetValueOrDefault("diverged")}")));
            Assert.All(complete, t => Assert.Equal([RecommenderModelNames.Description, RecommenderModelNames.Weights], t.Artifacts.Select(a => a.Name)));
            var best = complete.MinBy(t => t.Value)!;
            bestHash = best.Artifacts.Single(a => a.Name == RecommenderModelNames.Weights).Hash;
            // Only the best trial (top-1) keeps its model beside the file: its two blobs.
            var blobs = Directory.GetFiles(storage + ".artifacts/blobs", "*", SearchOption.AllDirectories).Select(Path.GetFileName).Order().ToList();
            Assert.Equal(best.Artifacts.Select(a => a.Hash).Order(), blobs);
        }

        var export = _directory.File("best-model");
        var best1 = Launcher.Run("best", "movielens-maml", "--storage", storage, "--export-model", export);
        Assert.True(best1.ExitCode == 0, best1.Error);
        using (var printed = JsonDocument.Parse(best1.Output))
            Assert.Contains(printed.RootElement.GetProperty("artifacts").EnumerateArray(), a => a.GetProperty("sha256").GetString() == bestHash);
        using (var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(export, "manifest.json"))))
        {
            Assert.Equal("movielens-maml", manifest.RootElement.GetProperty("study").GetString());
            Assert.Contains(manifest.RootElement.GetProperty("artifacts").EnumerateArray(), a => a.GetProperty("sha256").GetString() == bestHash);
        }
        var again = Launcher.Run("best", "movielens-maml", "--storage", storage, "--export-model", export);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("is not empty", Assert.Single(again.ErrorLines));

        var users = _directory.File("users.txt");
        File.WriteAllLines(users, ["# user, then items", "3 1 2 3", "70,10,20"]);
        var fromStudy = Launcher.Run("predict", "movielens-maml", "--storage", storage, "--data", data, "--users", users);
        Assert.True(fromStudy.ExitCode == 0, fromStudy.Error);
        // The exported folder, as on another machine (the study's storage moved away), predicts the same ratings.
        File.Move(storage, storage + ".moved");
        var fromFolder = Launcher.Run("predict", "--model", export, "--data", data, "--users", users);
        Assert.True(fromFolder.ExitCode == 0, fromFolder.Error);
        Assert.Equal(fromStudy.Output, fromFolder.Output);
        var rows = fromFolder.Output.Trim().Split('\n');
        Assert.Equal("user,item,rating", rows[0]);
        Assert.Equal(["3,1", "3,2", "3,3", "70,10", "70,20"], rows[1..].Select(r => string.Join(',', r.Split(',')[..2])));
        Assert.All(rows[1..], r => Assert.InRange(double.Parse(r.Split(',')[2], CultureInfo.InvariantCulture), -1.0, 7.0));
        File.Move(storage + ".moved", storage);

        File.WriteAllLines(users, ["999 1"]);
        var unknown = Launcher.Run("predict", "--model", export, "--data", data, "--users", users);
        Assert.Equal(2, unknown.ExitCode);
        Assert.StartsWith("metaopt: invalid user 999", Assert.Single(unknown.ErrorLines));

        var check = Launcher.Run("storage", "check", storage);
        Assert.True(check.ExitCode == 0, check.Error);
        Assert.Contains("Artifacts in ", check.Output);
        Assert.Contains("2 kept, all present; no orphan blobs", check.Output);

        var deleted = Launcher.Run("study", "delete", "movielens-maml", "--storage", storage, "--yes");
        Assert.True(deleted.ExitCode == 0, deleted.Error);
        Assert.Empty(Directory.GetFiles(storage + ".artifacts/blobs", "*", SearchOption.AllDirectories));
    }

    [SkippableFact]
    public void ARecommenderStudyOnPostgresqlWithoutAnArtifactFolderIsRefusedBeforeAnythingIsStored()
    {
        var url = Environment.GetEnvironmentVariable("METAOPT_TEST_POSTGRES");
        Skip.If(url is null && Environment.GetEnvironmentVariable("CI") is null, "METAOPT_TEST_POSTGRES is not set");
        Assert.NotNull(url);
        var name = "art-" + Guid.NewGuid().ToString("N")[..8];
        var run = Launcher.Run("run", "synthetic-cold-start", "--name", name, "--trials", "1", "--epochs", "1", "--storage", url);
        Assert.Equal(2, run.ExitCode);
        Assert.EndsWith("pass --artifacts DIR once, a folder every worker reaches (the study records it)", Assert.Single(run.ErrorLines));
        var list = Launcher.Run("list", "--storage", url, "--format", "json");
        Assert.DoesNotContain(name, list.Output, StringComparison.Ordinal);

        var folder = _directory.File("pg-artifacts");
        var given = Launcher.Run("run", "synthetic-cold-start", "--name", name, "--trials", "1", "--epochs", "1", "--pruner", "none", "--storage", url, "--artifacts", folder);
        Assert.True(given.ExitCode == 0, given.Error);
        // Recorded: a later command finds the folder without the option.
        var export = _directory.File("pg-export");
        var best = Launcher.Run("best", name, "--storage", url, "--export-model", export);
        Assert.True(best.ExitCode == 0, best.Error);
        Assert.True(File.Exists(Path.Combine(export, "model.safetensors")));
        Assert.Equal(0, Launcher.Run("study", "delete", name, "--storage", url, "--yes").ExitCode);
    }

    [Fact]
    public void TrialsInWorkerProcessesKeepTheirModelsInTheParentsStore()
    {
        var storage = _directory.File("s.db");

        var run = Launcher.Run("run", "synthetic-cold-start", "--trials", "4", "--epochs", "1", "--pruner", "none", "--sampler", "random",
            "--isolation", "process", "--parallel", "2", "--storage", storage, "--keep-models", "top-2", "--seed", "2");

        Assert.True(run.ExitCode == 0, run.Error);
        using var opened = LiteDbStorage.OpenReadOnly(storage);
        var trials = opened.GetAllTrials("synthetic-cold-start");
        var store = new LocalArtifactStore(storage + ".artifacts");
        var kept = StudyArtifacts.Kept(trials, Direction.Minimize, new ArtifactKeepPolicy { Top = 2 });
        Assert.Equal(2, kept.Count);
        Assert.All(trials.Where(t => t.State == TrialState.Complete), t => Assert.Equal(2, t.Artifacts.Count));
        Assert.Equal(trials.Where(t => kept.Contains(t.Id)).SelectMany(t => t.Artifacts).Select(a => a.Hash).Distinct().Order(StringComparer.Ordinal), store.Hashes());
        Assert.Empty(Directory.GetFiles(Path.Combine(store.Location, "tmp")));
    }

    /// <summary>
    /// <c>ensemble</c> rebuilds the kept models' split from the generated data: the best model's validation MAE is
    /// its trial's value, Caruana's selection keeps its best round so the ensemble is no worse on those users, and the
    /// weights are over the kept trials, best first. Too few kept models or K below 2 are refused in one line.
    /// </summary>
    [Fact]
    public void TheEnsembleOfTheKeptModelsIsNoWorseOnTheValidationUsersThanTheBestOne()
    {
        var storage = _directory.File("s.db");
        var run = Launcher.Run("run", "synthetic-cold-start", "--trials", "5", "--epochs", "1", "--pruner", "none", "--sampler", "random",
            "--storage", storage, "--seed", "3", "--keep-models", "top-3");
        Assert.True(run.ExitCode == 0, run.Error);
        List<FrozenTrial> best;
        using (var opened = LiteDbStorage.OpenReadOnly(storage))
            best = [.. opened.GetAllTrials("synthetic-cold-start").Where(t => t.State == TrialState.Complete).OrderBy(t => t.Value).ThenBy(t => t.Number).Take(3)];
        Assert.True(best.Count >= 2, "fewer than 2 trials completed");

        var ensemble = Launcher.Run("ensemble", "synthetic-cold-start", "--storage", storage, "--top-k", "3", "--format", "json");

        Assert.True(ensemble.ExitCode == 0, ensemble.Error);
        using var json = JsonDocument.Parse(ensemble.Output);
        var rows = json.RootElement.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!);
        Assert.Equal(["best", "average", "ensemble"], rows.Keys);
        double Validation(string row) => rows[row].GetProperty("validation_mae").GetDouble();
        Assert.Equal(best[0].Value!.Value, Validation("best"), 4);
        Assert.True(Validation("ensemble") <= Validation("best"), $"ensemble {Validation("ensemble")}, best {Validation("best")}");
        Assert.All(rows.Values, r => Assert.InRange(r.GetProperty("test_mae").GetDouble(), 0.1, 3.0));
        var members = json.RootElement.GetProperty("members").EnumerateArray().ToList();
        Assert.Equal(best.Select(t => t.Number), members.Select(m => m.GetProperty("trial").GetInt32()));
        Assert.Equal(1.0, members.Sum(m => m.GetProperty("weight").GetDouble()), 9);
        Assert.InRange(members.Sum(m => m.GetProperty("count").GetInt32()), 1, 20);

        var one = Launcher.Run("ensemble", "synthetic-cold-start", "--storage", storage, "--top-k", "1");
        Assert.Equal(2, one.ExitCode);
        Assert.Contains("'1'", Assert.Single(one.ErrorLines));

        var single = Launcher.Run("run", "synthetic-cold-start", "--name", "single", "--trials", "2", "--epochs", "1", "--pruner", "none",
            "--storage", storage, "--seed", "3", "--keep-models", "top-1");
        Assert.True(single.ExitCode == 0, single.Error);
        var refused = Launcher.Run("ensemble", "single", "--storage", storage);
        Assert.Equal(2, refused.ExitCode);
        Assert.Equal("metaopt: study 'single' keeps 1 trained model; an ensemble needs at least 2: run it with --keep-models top-5 (or all)", Assert.Single(refused.ErrorLines));
    }

    /// <summary>On PostgreSQL the kept models are found through the artifact folder the study recorded.</summary>
    [SkippableFact]
    public void AStudyOnPostgresqlEnsemblesTheModelsInItsRecordedArtifactFolder()
    {
        var url = Environment.GetEnvironmentVariable("METAOPT_TEST_POSTGRES");
        Skip.If(url is null && Environment.GetEnvironmentVariable("CI") is null, "METAOPT_TEST_POSTGRES is not set");
        Assert.NotNull(url);
        var name = "ens-" + Guid.NewGuid().ToString("N")[..8];
        var run = Launcher.Run("run", "synthetic-cold-start", "--name", name, "--trials", "3", "--epochs", "1", "--pruner", "none", "--sampler", "random",
            "--storage", url, "--artifacts", _directory.File("pg-artifacts"), "--seed", "3", "--keep-models", "top-3");
        try
        {
            Assert.True(run.ExitCode == 0, run.Error);
            var ensemble = Launcher.Run("ensemble", name, "--storage", url, "--top-k", "3", "--format", "json");
            Assert.True(ensemble.ExitCode == 0, ensemble.Error);
            using var json = JsonDocument.Parse(ensemble.Output);
            Assert.Equal(["best", "average", "ensemble"], json.RootElement.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("name").GetString()));
            Assert.True(json.RootElement.GetProperty("models").GetInt32() >= 2);
        }
        finally
        {
            Launcher.Run("study", "delete", name, "--storage", url, "--yes");
        }
    }

    /// <summary>
    /// Two launcher processes, two workers each, share one database and one artifact folder: the keep policy run by
    /// whichever worker finishes leaves exactly the two best trials' blobs, and nothing missing or orphaned.
    /// </summary>
    [SkippableFact]
    public void WorkersOfTwoProcessesFinishingAtOnceKeepExactlyTheBestModels()
    {
        var url = Environment.GetEnvironmentVariable("METAOPT_TEST_POSTGRES");
        Skip.If(url is null && Environment.GetEnvironmentVariable("CI") is null, "METAOPT_TEST_POSTGRES is not set");
        Assert.NotNull(url);
        var name = "art-" + Guid.NewGuid().ToString("N")[..8];
        var folder = _directory.File("shared-artifacts");
        string[] args = ["run", "synthetic-cold-start", "--name", name, "--trials", "8", "--epochs", "1", "--pruner", "none", "--sampler", "random",
            "--parallel", "2", "--storage", url, "--artifacts", folder, "--keep-models", "top-2"];
        var environment = new Dictionary<string, string>();

        var runs = Enumerable.Range(0, 2).Select(_ => Task.Run(() => Launcher.Start(_directory.Path, args, environment))).ToArray();
        Task.WaitAll(runs);

        Assert.All(runs, r => Assert.True(r.Result.ExitCode == 0, r.Result.Error));
        using var storage = new PostgresStorage(url);
        try
        {
            var trials = storage.GetAllTrials(name);
            Assert.Equal(8, trials.Count(t => t.State.IsFinished()));
            var store = new LocalArtifactStore(folder);
            var kept = StudyArtifacts.Kept(trials, Direction.Minimize, new ArtifactKeepPolicy { Top = 2 });
            Assert.Equal(trials.Where(t => kept.Contains(t.Id)).SelectMany(t => t.Artifacts).Select(a => a.Hash).Distinct().Order(StringComparer.Ordinal), store.Hashes());
            Assert.All(trials.Where(t => t.Artifacts.Count > 0), t => Assert.Equal(!kept.Contains(t.Id), store.IsReleased(t.Id)));
            var check = StudyArtifacts.Check(storage, store);
            Assert.True(check.IsSound, string.Join("\n", check.Problems));
        }
        finally
        {
            StudyArtifacts.DeleteStudy(storage, new LocalArtifactStore(folder), name);
        }
    }

    private static class RecommenderModelNames
    {
        public const string Weights = "model.safetensors";
        public const string Description = "model.json";
    }
}
