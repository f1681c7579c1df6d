namespace MetaOpt.Tests.Transfer;

public class MetaFeaturesTests
{
    private static MetaFeatures Features(params (string Name, double Value)[] values) => new(values.ToDictionary(v => v.Name, v => v.Value));

    /// <summary>An earlier study over x in [0, 1] with five random trials and, unless null, meta-features with that many users.</summary>
    private static void AddStudy(IStorage storage, string name, double? users)
    {
        var study = Study.Create(name, new StudyOptions { Storage = storage, Sampler = new RandomSampler(1) });
        if (users is { } u)
            Features(("users", u)).Store(study);
        study.Optimize(t => t.SuggestFloat("x", 0, 1), trials: 5);
    }

    private static List<string> Chosen(IStorage storage, WarmStart warm, double? users)
    {
        var target = Study.CreateOrLoad("target", new StudyOptions { Storage = storage, WarmStartFrom = warm });
        if (users is { } u)
            Features(("users", u)).Store(target);
        return warm.Resolve(target, ["x"]).Select(s => s.Name).ToList();
    }

    [Fact]
    public void DistanceIsTheRootMeanSquareOfLogDifferencesAndAMissingNameCountsOne()
    {
        var a = Features(("users", 0), ("items", 5), ("extra", 3));
        var b = Features(("users", Math.E - 1), ("items", 5));

        // users differ by ln(e) = 1, items by 0, extra is missing from b: sqrt((1 + 0 + 1) / 3).
        Assert.Equal(Math.Sqrt(2.0 / 3), a.DistanceTo(b), 12);
        Assert.Equal(a.DistanceTo(b), b.DistanceTo(a), 15);
        Assert.Equal(0, a.DistanceTo(a));
        // A negative value is on the mirrored scale: -(e - 1) and e - 1 are 2 apart.
        Assert.Equal(2, Features(("users", 1 - Math.E)).DistanceTo(Features(("users", Math.E - 1))), 12);
    }

    [Fact]
    public void MetaFeaturesRoundTripThroughTheStudyAndADamagedAttributeIsNamed()
    {
        var storage = new InMemoryStorage();
        var study = Study.Create("s", new StudyOptions { Storage = storage });
        var features = Features(("users", 943), ("density", 0.063), ("rating_min", 1));

        features.Store(study);
        var read = MetaFeatures.Read(study.UserAttrs);

        Assert.Equal(features.Values, read!.Values);
        Assert.Null(MetaFeatures.Read(new Dictionary<string, object>()));
        study.SetUserAttr(MetaFeatures.AttributeKey, "{\"users\": \"many\"}");
        var damaged = Assert.Throws<InvalidDataException>(() => MetaFeatures.Read(study.UserAttrs));
        Assert.Contains(MetaFeatures.AttributeKey, damaged.Message);
    }

    [Theory]
    [InlineData("users", double.NaN, "finite")]
    [InlineData("users", double.PositiveInfinity, "finite")]
    [InlineData(" ", 1.0, "blank")]
    public void UnusableValuesAreRefused(string name, double value, string message)
    {
        var refused = Assert.Throws<ArgumentException>(() => Features((name, value)));
        Assert.Contains(message, refused.Message);
    }

    [Fact]
    public void AutoTakesTheNearestStudiesByMetaFeaturesThenThoseWithoutAndNoneTooFar()
    {
        var storage = new InMemoryStorage();
        AddStudy(storage, "far", users: 1e8);
        AddStudy(storage, "unknown", users: null);
        AddStudy(storage, "mid", users: 3000);
        AddStudy(storage, "near", users: 1000);

        // ln(1101/1001) = 0.095 and ln(3001/1101) = 1.0 away; ln(1e8/1101) = 11.4 is beyond 2.
        Assert.Equal(["near", "mid"], Chosen(storage, WarmStart.AutoNearest(2), users: 1100));
        Assert.Equal(["near", "mid", "unknown"], Chosen(storage, WarmStart.Auto, users: 1100));
        // The largest distance leaves mid out; a study whose distance is unknown still fills a place after the known.
        Assert.Equal(["near", "unknown"], Chosen(storage, WarmStart.AutoNearest(5, maxDistance: 0.5), users: 1100));
    }

    [Fact]
    public void AutoWithoutMetaFeaturesTakesEveryStudyOverTheParameters()
    {
        var storage = new InMemoryStorage();
        AddStudy(storage, "far", users: 1e8);
        AddStudy(storage, "near", users: 1000);

        Assert.Equal(["far", "near"], Chosen(storage, WarmStart.AutoNearest(1), users: null));
    }

    [Fact]
    public void AutoNearestRefusesUnusableSettings()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WarmStart.AutoNearest(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => WarmStart.AutoNearest(3, maxDistance: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => WarmStart.AutoNearest(3, maxDistance: double.NaN));
    }
}
