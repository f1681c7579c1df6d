namespace MetaOpt.Recommender.Tests;

public sealed class DataTests
{
    [Fact]
    public void SplitIsSeventyTenTwentyByFirstRatingTimeWithTimeOrderedSupportBeforeQuery()
    {
        var tasks = TestData.Tasks;
        Assert.Equal((140, 20, 40), (tasks.Train.Count, tasks.Validation.Count, tasks.Test.Count));
        var all = tasks.Train.Concat(tasks.Validation).Concat(tasks.Test).ToList();
        var firstTimes = all.Select(t => t.Support.Concat(t.Query).Min(r => r.Timestamp)).ToList();
        Assert.Equal(firstTimes.Order(), firstTimes);
        foreach (var task in all)
        {
            Assert.Equal(10, task.Query.Count);
            Assert.InRange(task.Support.Count, 1, 20);
            Assert.True(task.Support.Max(r => r.Timestamp) <= task.Query.Min(r => r.Timestamp));
            Assert.Equal(task.Support.OrderBy(r => r.Timestamp).ToList(), task.Support);
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void FoldsValidateEveryNonTestUserExactlyOnceOnDisjointSetsTheSeedFixes(int count)
    {
        var tasks = TestData.Tasks;
        static List<int> Ids(IEnumerable<UserTask> users) => users.Select(u => u.UserId).ToList();
        var pool = Ids(tasks.Train.Concat(tasks.Validation)).Order().ToList();
        var folds = tasks.Folds(count, seed: 5);

        Assert.Equal(count, folds.Count);
        // Every user validates once: the validation sets together are the pool, with no user twice.
        Assert.Equal(pool, Ids(folds.SelectMany(f => f.Validation)).Order());
        foreach (var fold in folds)
        {
            Assert.Equal(pool, Ids(fold.Train.Concat(fold.Validation)).Order());
            Assert.InRange(fold.Validation.Count, pool.Count / count, pool.Count / count + 1);
            Assert.Same(tasks.Test, fold.Test);
        }
        Assert.Equal(folds.Select(f => Ids(f.Validation)), tasks.Folds(count, seed: 5).Select(f => Ids(f.Validation)));
        Assert.NotEqual(folds.Select(f => Ids(f.Validation)), tasks.Folds(count, seed: 6).Select(f => Ids(f.Validation)));
    }

    [Fact]
    public void OneFoldIsTheSplitItselfAndImpossibleCountsAreNamed()
    {
        var tasks = TestData.Tasks;
        Assert.Same(tasks, Assert.Single(tasks.Folds(1, seed: 5)));
        var pool = tasks.Train.Count + tasks.Validation.Count;
        Assert.Equal(pool, tasks.Folds(pool, seed: 5).Count);
        foreach (var count in new[] { 0, pool + 1 })
            Assert.Contains($"between 1 and the {pool} meta-train and meta-validation users",
                Assert.Throws<ArgumentOutOfRangeException>(() => tasks.Folds(count, seed: 5)).Message);
    }

    [Fact]
    public void SupportIsTheEarliestRatingsWhenTheHistoryIsLong()
    {
        var ratings = Enumerable.Range(0, 40).Select(i => new Rating(1, 1 + i % 5, 1 + i % 5, 1000 - i)).ToList();
        var data = new RatingDataset("hand", new FeatureSchema([], 19, 17, 5),
            Enumerable.Range(1, 10).ToDictionary(u => u, _ => Array.Empty<int>()),
            Enumerable.Range(1, 5).ToDictionary(i => i, _ => new ItemFeatures([0], 0)),
            [.. ratings, .. Enumerable.Range(2, 9).SelectMany(u => Enumerable.Range(0, 12).Select(i => new Rating(u, 1, 3, u * 10_000 + i)))]);
        var user = ColdStartTasks.Build(data, supportSize: 5, querySize: 10).Train.Single(t => t.UserId == 1);
        Assert.Equal(new long[] { 961, 962, 963, 964, 965 }, user.Support.Select(r => r.Timestamp));
        Assert.Equal(Enumerable.Range(991, 10).Select(t => (long)t), user.Query.Select(r => r.Timestamp));
    }

    [Fact]
    public void DatasetStatisticsCountEveryRating()
    {
        // Users 1 and 2 rate items 1 to 3 (values 1, 2, 3 and 5, 5, 5), user 3 rates item 1 only (4): 7 ratings.
        Rating[] ratings = [
            new(1, 1, 1, 1), new(1, 2, 2, 2), new(1, 3, 3, 3),
            new(2, 1, 5, 4), new(2, 2, 5, 5), new(2, 3, 5, 6),
            new(3, 1, 4, 7)];
        var data = new RatingDataset("hand", new FeatureSchema([7, 2], 19, 17, 3),
            Enumerable.Range(1, 3).ToDictionary(u => u, _ => new[] { 0, 0 }),
            Enumerable.Range(1, 3).ToDictionary(i => i, _ => new ItemFeatures([0], 0)), ratings);

        var statistics = DatasetStatistics.Of(data);

        var mean = 25.0 / 7;
        var sd = Math.Sqrt(new[] { 1.0, 2, 3, 5, 5, 5, 4 }.Sum(v => (v - mean) * (v - mean)) / 7);
        Assert.Equal(new DatasetStatistics(3, 3, 7, 3, 1, 5, mean, sd, 7.0 / 9, 2, 36), statistics with { RatingMean = mean, RatingSd = sd });
        Assert.Equal(mean, statistics.RatingMean, 12);
        Assert.Equal(sd, statistics.RatingSd, 6);
        Assert.Equal(11, statistics.ToDictionary().Count);
        Assert.Equal(7.0 / 9, statistics.ToDictionary()["density"]);
        Assert.Throws<ArgumentException>(() => DatasetStatistics.Of(data with { Ratings = [] }));
    }

    [Fact]
    public void LoadsMovieLens100KFilesAndNamesTheFileAndLineOfABadLine()
    {
        var dir = Directory.CreateTempSubdirectory("ml100k-").FullName;
        try
        {
            File.WriteAllLines(Path.Combine(dir, "u.occupation"), ["student", "writer"]);
            File.WriteAllLines(Path.Combine(dir, "u.user"), ["1|24|M|student|85711", "2|53|F|writer|X4000"]);
            var flags = string.Join('|', Enumerable.Repeat("0", 19));
            File.WriteAllLines(Path.Combine(dir, "u.item"),
                ["1|Toy Story (1995)|01-Jan-1995||http://x|0|0|0|1|1|" + string.Join('|', Enumerable.Repeat("0", 14)), "2|Unknown||||" + flags]);
            File.WriteAllLines(Path.Combine(dir, "u.data"), ["1\t1\t5\t881250949", "2\t2\t3\t881250950"]);

            var data = MovieLensLoader.Load(dir);
            Assert.Equal(MovieLensFormat.MovieLens100K, MovieLensLoader.DetectFormat(dir));
            Assert.Equal([1, 0, 0, 9], data.Users[1]); // age 24 → bucket 1, M, student, zip '8' → 9
            Assert.Equal([5, 1, 1, 0], data.Users[2]);  // age 53 → bucket 5, F, writer, non-digit zip → 0
            Assert.Equal([3, 4], data.Items[1].Genres);
            Assert.Equal(1 + (1995 - 1920) / 5, data.Items[1].YearBucket);
            Assert.Equal([0], data.Items[2].Genres);
            Assert.Equal(0, data.Items[2].YearBucket);
            Assert.Equal(2, data.Ratings.Count);

            File.AppendAllLines(Path.Combine(dir, "u.data"), ["1\t2\tfive\t881250951"]);
            var error = Assert.Throws<MalformedDataException>(() => MovieLensLoader.Load(dir));
            Assert.Contains("u.data", error.Message);
            Assert.Contains("3", error.Message);
            Assert.Contains("five", error.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
