using System.Globalization;
using System.Text;
using System.Text.Json;
using MetaOpt.Recommender;
using MetaOpt.Studies;
using MetaOpt.Studies.Recommender;

namespace MetaOpt.Launcher.Tests;

/// <summary>The GPU-sized studies: MovieLens 1M and 10^5 generated users, with the network's shape in the space.</summary>
public sealed class GpuStudyTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void TheStudiesAreListedWithTheirDataAndWideSpaces()
    {
        var json = Launcher.Run("studies", "--format", "json");

        Assert.Equal(0, json.ExitCode);
        using var listed = JsonDocument.Parse(json.Output);
        var data = listed.RootElement.GetProperty("studies").EnumerateArray()
            .ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("data").GetString());
        Assert.Equal("movielens 1m", data["movielens-1m"]);
        Assert.Equal("none", data["synthetic-large"]);
        foreach (var study in new IStudyDefinition[] { new MovieLens1MStudy(), new SyntheticLargeStudy() })
        {
            Assert.Equal(new IntDistribution(32, 128, log: true), study.SearchSpace["embedding_dim"]);
            Assert.Equal(new IntDistribution(64, 512, log: true), study.SearchSpace["hidden"]);
            Assert.Equal(new IntDistribution(2, 4), study.SearchSpace["hidden_layers"]);
            Assert.Equal(new IntDistribution(32, 256, step: 32), study.SearchSpace["meta_batch"]);
        }
        Assert.Equal(100_000, SyntheticLargeStudy.DataOptions.Users);
    }

    [Fact]
    public void TheShapeParametersSetTheNetwork()
    {
        var config = TrainingParameters.Apply(new TrainingConfig(),
            new Dictionary<string, object> { ["embedding_dim"] = 64, ["hidden"] = 256, ["hidden_layers"] = 3 });

        Assert.Equal((64, 256, 3), (config.EmbeddingDim, config.Hidden, config.HiddenLayers));
    }

    [Fact]
    public void ATinySyntheticLargeRunTrainsTheSampledShapes()
    {
        var data = new SyntheticColdStartOptions { Users = 500, Items = 120, MinRatingsPerUser = 25, MaxRatingsPerUser = 30, Seed = 1 };
        var prepared = new SyntheticLargeStudy(data).Prepare(new StudyRunContext { Epochs = 1, Seed = 2 });
        var study = Study.Create("large", new StudyOptions { Sampler = new RandomSampler(seed: 5) });

        study.Optimize(prepared.Objective, trials: 2, stopOnCtrlC: false);

        Assert.Equal(2, study.Trials.Count);
        // Randomly drawn rates may diverge (the trial is then pruned); every trial drew a shape and trained with it.
        Assert.All(study.Trials, t =>
        {
            Assert.True(t.State is TrialState.Complete or TrialState.Pruned, $"{t.State}: {t.FailReason}");
            Assert.InRange(Convert.ToInt32(t.Params["hidden"], CultureInfo.InvariantCulture), 64, 512);
            Assert.InRange(Convert.ToInt32(t.Params["hidden_layers"], CultureInfo.InvariantCulture), 2, 4);
        });
        Assert.Contains(study.Trials, t => t.State == TrialState.Complete && t.Value is >= 0 and <= 4);
    }

    [Fact]
    public void MovieLens1MTrainsOnOneMFilesAndRefusesAnotherFormat()
    {
        var oneM = WriteOneMFormat(Path.Combine(_directory.Path, "ml-1m"));
        var context = new StudyRunContext { Epochs = 1, Seed = 3, DataDirectory = oneM };
        var prepared = new MovieLens1MStudy().Prepare(context);
        var study = Study.Create("one-m", new StudyOptions { Sampler = new RandomSampler(seed: 1) });
        // Moderate rates, so the one trial trains to its end (a diverging one is pruned), and a wider network than the reference's.
        study.EnqueueTrial(new Dictionary<string, object>
        {
            ["algo"] = "maml", ["meta_lr"] = 1e-3, ["inner_lr"] = 1e-2, ["inner_steps"] = 1, ["meta_batch"] = 32,
            ["embedding_dim"] = 48, ["hidden"] = 96, ["hidden_layers"] = 3,
        });
        study.Optimize(prepared.Objective, trials: 1, stopOnCtrlC: false);
        var trial = Assert.Single(study.Trials);
        Assert.True(trial.State == TrialState.Complete, $"{trial.State}: {trial.FailReason}");
        Assert.InRange(trial.Value!.Value, 0, 4);

        var hundredK = Path.Combine(_directory.Path, "ml-100k");
        Directory.CreateDirectory(hundredK);
        File.WriteAllText(Path.Combine(hundredK, "u.data"), "");
        var error = Assert.Throws<ArgumentException>(() => new MovieLens1MStudy().Prepare(context with { DataDirectory = hundredK }));
        Assert.Equal($"Study 'movielens-1m' trains on MovieLens 1M, but '{hundredK}' holds MovieLens100K; pass an unpacked ml-1m folder (ratings.dat).", error.Message);
    }

    // MovieLens 1M's three '::' files for 400 users rating 35 of 100 movies each.
    private static string WriteOneMFormat(string folder)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(7);
        string[] genres = ["Action", "Comedy", "Drama", "Romance", "Sci-Fi", "Thriller"];
        File.WriteAllLines(Path.Combine(folder, "movies.dat"), Enumerable.Range(1, 100).Select(m =>
            $"{m}::Movie {m} ({1960 + m % 40})::{string.Join('|', genres.Where((_, g) => (m + g) % 3 == 0).DefaultIfEmpty("Drama"))}"), Encoding.Latin1);
        File.WriteAllLines(Path.Combine(folder, "users.dat"), Enumerable.Range(1, 400).Select(u =>
            $"{u}::{(u % 2 == 0 ? "M" : "F")}::{new[] { 1, 18, 25, 35, 45, 50, 56 }[u % 7]}::{u % 21}::{10000 + u * 37}"), Encoding.Latin1);
        var ratings = new List<string>();
        var movies = Enumerable.Range(1, 100).ToArray();
        for (var u = 1; u <= 400; u++)
        {
            random.Shuffle(movies);
            ratings.AddRange(movies.Take(35).Select((m, k) => $"{u}::{m}::{1 + (u + m) % 5}::{978300000 + u * 1000 + k}"));
        }
        File.WriteAllLines(Path.Combine(folder, "ratings.dat"), ratings, Encoding.Latin1);
        return folder;
    }
}
