namespace MetaOpt.Recommender.Tests;

/// <summary>Subsets of MovieLens data by user attribute and time (<see cref="DatasetSubset"/>), on files the tests write.</summary>
public sealed class DatasetSubsetTests : IDisposable
{
    // user id, age, gender, occupation: the age bounds 18, 25, 35 fall between and on the ages.
    private static readonly (int Id, int Age, string Gender, string Occupation)[] People =
    [
        (1, 17, "M", "student"),
        (2, 18, "F", "student"),
        (3, 24, "M", "writer"),
        (4, 25, "F", "engineer"),
        (5, 34, "M", "student"),
        (6, 35, "F", "writer"),
        (7, 56, "M", "engineer"),
        (8, 61, "F", "retired"),
    ];

    private readonly string _directory = Directory.CreateTempSubdirectory("ml100k-subset-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>ML-100K files: every user rates items 1..4 at times 1000·user + 100·item, so the span is 1100..8400.</summary>
    private RatingDataset Load()
    {
        File.WriteAllLines(Path.Combine(_directory, "u.occupation"), ["student", "writer", "engineer", "retired"]);
        File.WriteAllLines(Path.Combine(_directory, "u.user"), People.Select(p => $"{p.Id}|{p.Age}|{p.Gender}|{p.Occupation}|12345"));
        var flags = string.Join('|', Enumerable.Repeat("0", 18));
        File.WriteAllLines(Path.Combine(_directory, "u.item"), Enumerable.Range(1, 4).Select(i => $"{i}|Item {i} (1990)|01-Jan-1990||http://x|1|{flags}"));
        File.WriteAllLines(Path.Combine(_directory, "u.data"),
            People.SelectMany(p => Enumerable.Range(1, 4).Select(i => $"{p.Id}\t{i}\t{1 + (p.Age + i) % 5}\t{1000 * p.Id + 100 * i}")));
        return MovieLensLoader.Load(_directory);
    }

    [Theory]
    [InlineData("age:<25", new[] { 1, 2, 3 })]
    [InlineData("age:>=25", new[] { 4, 5, 6, 7, 8 })]
    [InlineData("age:<18", new[] { 1 })]
    [InlineData("age:>=35", new[] { 6, 7, 8 })]
    [InlineData("age:>=56", new[] { 7, 8 })]
    [InlineData("gender:F", new[] { 2, 4, 6, 8 })]
    [InlineData("occupation:student", new[] { 1, 2, 5 })]
    [InlineData("occupation:Writer", new[] { 3, 6 })]
    [InlineData("occupation:!student", new[] { 3, 4, 6, 7, 8 })]
    [InlineData("occupation:!student, occupation:!retired", new[] { 3, 4, 6, 7 })]
    [InlineData("age:<35,gender:M", new[] { 1, 3, 5 })]
    public void AUserSubsetKeepsExactlyTheUsersItNamesWithAllTheirRatings(string subset, int[] users)
    {
        var data = Load();
        var part = DatasetSubset.Parse(subset).Apply(data);

        Assert.Equal(users, part.Users.Keys.Order());
        Assert.Equal(data.Ratings.Where(r => users.Contains(r.UserId)), part.Ratings);
        Assert.Same(data.Items, part.Items);
        Assert.Equal(data.Schema, part.Schema);
        Assert.Equal($"{data.Name} [subset {DatasetSubset.Parse(subset).Text}]", part.Name);
    }

    [Fact]
    public void TimeHalvesSplitTheRatingsAtTheMiddleOfTheSpanAndKeepOnlyUsersWithRatingsLeft()
    {
        var data = Load();
        // The span is 1100..8400: the cut is 4750, between user 4's ratings at 4400 and 4500 and user 5's at 5100.
        var early = DatasetSubset.Parse("time:<0.5").Apply(data);
        var late = DatasetSubset.Parse("time:>=0.5").Apply(data);

        Assert.Equal(data.Ratings.Where(r => r.Timestamp < 4750), early.Ratings);
        Assert.Equal(data.Ratings.Where(r => r.Timestamp >= 4750), late.Ratings);
        Assert.Equal([1, 2, 3, 4], early.Users.Keys.Order());
        Assert.Equal([5, 6, 7, 8], late.Users.Keys.Order());
        // The cut is a point of the whole dataset's span (1100 + 0.16·7300 = 2268), not of the users a clause kept
        // (2100..8400, which would cut at 3108).
        var firstOfWomen = DatasetSubset.Parse("gender:F,time:<0.16").Apply(data);
        Assert.Equal(data.Ratings.Where(r => r.UserId == 2 && r.Timestamp < 2268), firstOfWomen.Ratings);
        Assert.Equal(2, firstOfWomen.Ratings.Count);
        Assert.Equal([2], firstOfWomen.Users.Keys);
        Assert.Equal([2, 4], DatasetSubset.Parse("gender:F,time:<0.5").Apply(data).Users.Keys.Order());
    }

    [Fact]
    public void SubsetsHaveTheirOwnStatisticsSoAStudyOnOneIsToldFromAStudyOnAnother()
    {
        var data = Load();
        var whole = DatasetStatistics.Of(data);
        var young = DatasetStatistics.Of(DatasetSubset.Parse("age:<25").Apply(data));
        var older = DatasetStatistics.Of(DatasetSubset.Parse("age:>=35").Apply(data));

        Assert.Equal((8, 32), (whole.Users, whole.Ratings));
        Assert.Equal((3, 12), (young.Users, young.Ratings));
        Assert.Equal((3, 12), (older.Users, older.Ratings));
        // Same sizes, other ratings: the meta-features still differ.
        Assert.Equal(data.Ratings.Where(r => r.UserId <= 3).Average(r => (double)r.Value), young.RatingMean, 12);
        Assert.NotEqual(young.RatingMean, older.RatingMean);
        var features = new[] { whole, young, older }.Select(s => new MetaFeatures(s.ToDictionary())).ToList();
        Assert.True(features[1].DistanceTo(features[0]) > 0);
        Assert.True(features[1].DistanceTo(features[2]) > 0);
    }

    [Theory]
    [InlineData("age:<30", "age:<30")]
    [InlineData("age:25", "age:25")]
    [InlineData("age:>=-1", "age:>=-1")]
    [InlineData("gender:X", "gender:X")]
    [InlineData("occupation:", "occupation:")]
    [InlineData("occupation:!", "occupation:!")]
    [InlineData("time:<0", "time:<0")]
    [InlineData("time:>=1", "time:>=1")]
    [InlineData("time:<half", "time:<half")]
    [InlineData("zip:8", "zip:8")]
    [InlineData("age<25", "age<25")]
    [InlineData("", "''")]
    [InlineData("age:<25,", "''")]
    public void AMalformedClauseIsNamedWithTheFormsAllowed(string subset, string named)
    {
        var message = Assert.Throws<ArgumentException>(() => DatasetSubset.Parse(subset)).Message;
        Assert.Contains($"clause {(named == "''" ? "''" : $"'{named}'")}", message, StringComparison.Ordinal);
        Assert.Contains("age:<N or age:>=N (N one of 18, 25, 35, 45, 50, 56)", message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', message);
    }

    [Fact]
    public void ClausesTheDataCannotAnswerAreRefusedNamingWhatItHas()
    {
        var data = Load();
        var unknown = Assert.Throws<ArgumentException>(() => DatasetSubset.Parse("occupation:pilot").Apply(data)).Message;
        Assert.Contains("no occupation 'pilot'; its occupations are student, writer, engineer, retired", unknown, StringComparison.Ordinal);
        Assert.Contains("keeps no rating", Assert.Throws<ArgumentException>(() => DatasetSubset.Parse("age:<18,gender:F").Apply(data)).Message, StringComparison.Ordinal);

        // Generated data (as the "latest" sets) has no demographics: only time clauses apply.
        var generated = SyntheticColdStartGenerator.Generate(new SyntheticColdStartOptions { Users = 20, Items = 60, Seed = 1 });
        Assert.Contains("has no user demographics", Assert.Throws<ArgumentException>(() => DatasetSubset.Parse("gender:F").Apply(generated)).Message, StringComparison.Ordinal);
        Assert.NotEmpty(DatasetSubset.Parse("time:>=0.5").Apply(generated).Ratings);
    }

    [Fact]
    public void MovieLens1MOccupationsAreNamedByTheCodesOfItsReadme()
    {
        File.WriteAllLines(Path.Combine(_directory, "users.dat"), ["1::F::1::10::48067", "2::M::56::16::70072", "3::M::25::4::55117"]);
        File.WriteAllLines(Path.Combine(_directory, "movies.dat"), ["1::Toy Story (1995)::Animation|Children's|Comedy"]);
        File.WriteAllLines(Path.Combine(_directory, "ratings.dat"), ["1::1::5::978300760", "2::1::3::978300761", "3::1::4::978300762"]);
        var data = MovieLensLoader.Load(_directory);

        Assert.Equal(21, data.Occupations.Count);
        Assert.Equal([3], DatasetSubset.Parse("occupation:college/grad student").Apply(data).Users.Keys);
        Assert.Equal([1], DatasetSubset.Parse("occupation:K-12 student").Apply(data).Users.Keys);
        // ML-1M's age codes are the groups' lower bounds.
        Assert.Equal([1], DatasetSubset.Parse("age:<18").Apply(data).Users.Keys);
        Assert.Equal([2], DatasetSubset.Parse("age:>=56").Apply(data).Users.Keys);
    }
}
