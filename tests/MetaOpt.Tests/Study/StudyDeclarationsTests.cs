namespace MetaOpt.Tests;

/// <summary>
/// A study's declarations (metrics, baselines, strategy parameters) as one stored attribute: written and read back
/// whole, absent as none, a later version's extra fields skipped, a damaged or inconsistent one refused by name.
/// </summary>
public sealed class StudyDeclarationsTests
{
    internal static readonly StudyDeclarations Classifier = new()
    {
        Metrics = [new("accuracy", "held-out accuracy", Direction.Maximize), new("log_loss", "held-out log loss", Direction.Minimize)],
        Baselines = [new("majority_accuracy", "majority class", "held-out", "accuracy"), new("prior_loss", "class prior", "objective")],
        StrategyParameters = ["model"],
    };

    [Fact]
    public void StoredDeclarationsReadBackWhole()
    {
        var study = Study.Create("declared");

        Classifier.Store(study);
        var back = StudyDeclarations.Read(study.UserAttrs);

        Assert.Equal(Classifier.Metrics, back.Metrics);
        Assert.Equal(Classifier.Baselines, back.Baselines);
        Assert.Equal(Classifier.StrategyParameters, back.StrategyParameters);
        Assert.Equal(Classifier.Metric("log_loss"), back.Metric("log_loss"));
    }

    [Fact]
    public void AStudyWithoutDeclarationsHasNoneAndStoringNoneWritesNothing()
    {
        var study = Study.Create("plain");

        StudyDeclarations.None.Store(study);

        Assert.Empty(study.UserAttrs);
        Assert.True(StudyDeclarations.Read(study.UserAttrs).IsEmpty);
    }

    [Fact]
    public void FieldsOfALaterVersionAreSkipped()
    {
        var text = """{"metrics": [{"key": "auc", "label": "AUC", "direction": "maximize", "unit": "ratio"}], "plots": [], "baselines": null}""";

        var back = StudyDeclarations.Read(new Dictionary<string, object> { [StudyDeclarations.AttributeKey] = text });

        Assert.Equal([new MetricDeclaration("auc", "AUC", Direction.Maximize)], back.Metrics);
        Assert.Empty(back.Baselines);
    }

    [Theory]
    [InlineData("not json", "not JSON")]
    [InlineData("[]", "is not a JSON object")]
    [InlineData("""{"metrics": [{"key": "auc", "label": "AUC", "direction": "up"}]}""", "direction 'up'")]
    [InlineData("""{"metrics": [{"label": "AUC", "direction": "maximize"}]}""", "has no 'key'")]
    [InlineData("""{"baselines": {"key": "b"}}""", "'baselines' is not a list")]
    [InlineData("""{"baselines": [{"key": "b", "label": "B", "group": "g", "metric": "auc"}]}""", "metric 'auc', which is not declared")]
    [InlineData("""{"metrics": [{"key": "a", "label": "A", "direction": "minimize"}], "baselines": [{"key": "b", "label": "B", "group": "g", "metric": "a"}, {"key": "c", "label": "C", "group": "g"}]}""", "group 'g' are compared with different values")]
    public void ADamagedDeclarationIsRefusedNamingTheAttributeAndTheProblem(string stored, string problem)
    {
        var error = Assert.Throws<InvalidDataException>(() =>
            StudyDeclarations.Read(new Dictionary<string, object> { [StudyDeclarations.AttributeKey] = stored }));

        Assert.StartsWith($"study attribute '{StudyDeclarations.AttributeKey}' is malformed: ", error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void InconsistentDeclarationsAreNotStored()
    {
        var study = Study.Create("twice");
        var twice = new StudyDeclarations { Metrics = [new("a", "A", Direction.Minimize), new("a", "again", Direction.Maximize)] };

        var error = Assert.Throws<ArgumentException>(() => twice.Store(study));

        Assert.Contains("'a' is declared twice", error.Message);
        Assert.Empty(study.UserAttrs);
    }
}
