namespace MetaOpt.Tests;

public class StudyEnsembleTests
{
    private static StudyEnsemble Ensemble(Direction direction, double best, double ensemble) => new()
    {
        TopK = 3,
        Rounds = 20,
        Measure = "MAE",
        Direction = direction,
        SelectedOn = "94 meta-validation users",
        ComparedOn = "189 meta-test users",
        Rows =
        [
            new EnsembleComparisonRow(StudyEnsemble.BestRow, "trial 4", 0.9, best, new Dictionary<string, double> { ["RMSE"] = 1.1, ["nDCG@3"] = 0.8 }),
            new EnsembleComparisonRow(StudyEnsemble.AverageRow, "3 models, equal weights", 0.95, 0.1 + 0.2, new Dictionary<string, double> { ["RMSE"] = double.NaN }),
            new EnsembleComparisonRow(StudyEnsemble.EnsembleRow, "2 models, 20 rounds", 0.85, ensemble, new Dictionary<string, double>()),
        ],
        Members = [new EnsembleMember(4, 0.9, 15, 0.75), new EnsembleMember(7, 0.91, 5, 0.25), new EnsembleMember(2, 0.93, 0, 0)],
    };

    [Fact]
    public void AStoredEnsembleReadsBackExactly()
    {
        var study = Study.Create("s");
        var ensemble = Ensemble(Direction.Minimize, 0.9, 0.88);

        ensemble.Store(study);
        var read = StudyEnsemble.Read(study.UserAttrs)!;

        Assert.Equal(StudyEnsembleJson.Write(ensemble), StudyEnsembleJson.Write(read));
        Assert.Equal(0.1 + 0.2, read.Row(StudyEnsemble.AverageRow).Held);
        Assert.True(double.IsNaN(read.Row(StudyEnsemble.AverageRow).Metrics["RMSE"]));
        Assert.Equal([4, 7, 2], read.Members.Select(m => m.Trial));
        Assert.Equal((15, 0.75), (read.Members[0].Count, read.Members[0].Weight));
        Assert.Equal(("94 meta-validation users", "189 meta-test users", Direction.Minimize), (read.SelectedOn, read.ComparedOn, read.Direction));
    }

    [Theory]
    [InlineData(Direction.Minimize, 0.9, 0.88, true, "won by 0.02")]
    [InlineData(Direction.Minimize, 0.9, 0.95, false, "lost by 0.05")]
    [InlineData(Direction.Minimize, 0.9, 0.9, false, "tied")]
    [InlineData(Direction.Maximize, 0.5, 0.75, true, "won by 0.25")]
    [InlineData(Direction.Maximize, 0.5, 0.25, false, "lost by 0.25")]
    public void TheVerdictComparesTheEnsembleWithTheBestTrialInTheMeasuresDirection(Direction direction, double best, double ensemble, bool won, string verdict)
    {
        var compared = Ensemble(direction, best, ensemble);
        Assert.Equal(won, compared.Won);
        Assert.Equal(verdict, compared.Verdict);
    }

    [Fact]
    public void TheSameLibraryKAndRoundsMakeTheSameEnsemble()
    {
        var ensemble = Ensemble(Direction.Minimize, 0.9, 0.88);
        Assert.True(ensemble.IsFrom([4, 7, 2], 3, 20));
        Assert.False(ensemble.IsFrom([4, 2, 7], 3, 20));
        Assert.False(ensemble.IsFrom([4, 7], 3, 20));
        Assert.False(ensemble.IsFrom([4, 7, 2], 4, 20));
        Assert.False(ensemble.IsFrom([4, 7, 2], 3, 10));
    }

    [Fact]
    public void AStudyWithoutAnEnsembleHasNoneAndAMalformedOneNamesTheAttribute()
    {
        var study = Study.Create("s");
        Assert.Null(StudyEnsemble.Read(study.UserAttrs));
        study.SetUserAttr(StudyEnsemble.AttributeKey, "{\"top_k\": 3}");
        var error = Assert.Throws<InvalidDataException>(() => StudyEnsemble.Read(study.UserAttrs));
        Assert.StartsWith("The study attribute 'metaopt:ensemble' cannot be read:", error.Message);
    }
}
