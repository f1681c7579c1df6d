using System.CommandLine;
using MetaOpt.Bench.Recsys;

namespace MetaOpt.Bench.Tests;

/// <summary><c>transfer-datasets</c> refuses bad options with one line and exit 2, before any training.</summary>
public sealed class DatasetTransferOptionsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("transfer-datasets-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static (int ExitCode, string[] Errors) Run(params string[] args)
    {
        var error = new StringWriter();
        var exitCode = DatasetTransferCommand.Create().Parse(args).Invoke(new InvocationConfiguration { Output = new StringWriter(), Error = error });
        return (exitCode, error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData(new[] { "--targets", "ml-young" }, "transfer-datasets: --targets: 'ml-young' is a subset of MovieLens: pass --data DIR (MovieLens 100K or 1M).")]
    [InlineData(new[] { "--targets", "reference,nope" }, "transfer-datasets: --targets: no dataset 'nope'; the datasets are reference, larger-sparser, smaller-denser, noisier (and with --data, ml-young, ml-older, ml-early, ml-late).")]
    [InlineData(new[] { "--targets", " , " }, "transfer-datasets: --targets is empty; name one or more of the datasets.")]
    [InlineData(new[] { "--seeds", "0" }, "transfer-datasets: --seeds, --trials and --epochs must be at least 1 and --source-trials at least 3, got 0, 20, 6 and 30.")]
    [InlineData(new[] { "--source-trials", "2" }, "transfer-datasets: --seeds, --trials and --epochs must be at least 1 and --source-trials at least 3, got 5, 20, 6 and 2.")]
    public void ABadOptionIsOneLineAndExitTwo(string[] args, string expected)
    {
        var (exitCode, errors) = Run(args);

        Assert.Equal(2, exitCode);
        Assert.Equal(expected, Assert.Single(errors));
    }

    [Fact]
    public void DataWithoutTheSubsetsAttributesIsRefusedNamingWhy()
    {
        var missing = Path.Combine(_directory, "none");
        // A "latest" set: ratings and movies, no demographics.
        File.WriteAllLines(Path.Combine(_directory, "movies.csv"), ["movieId,title,genres", "1,Toy Story (1995),Comedy"]);
        File.WriteAllLines(Path.Combine(_directory, "ratings.csv"), ["userId,movieId,rating,timestamp", "1,1,4.0,964982703"]);

        var (noFolder, noFolderErrors) = Run("--targets", "ml-young", "--data", missing);
        var (latest, latestErrors) = Run("--targets", "ml-young", "--data", _directory);

        Assert.Equal(2, noFolder);
        Assert.Equal($"transfer-datasets: --data '{missing}': Data directory '{missing}' does not exist.", Assert.Single(noFolderErrors));
        Assert.Equal(2, latest);
        Assert.Contains("has no user demographics (age, gender, occupation)", Assert.Single(latestErrors), StringComparison.Ordinal);
    }
}
