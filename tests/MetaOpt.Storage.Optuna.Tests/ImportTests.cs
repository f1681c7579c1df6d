namespace MetaOpt.Storage.Optuna.Tests;

/// <summary>Studies Python Optuna 3.1 wrote, in both of its formats, come in whole and exact.</summary>
public sealed class ImportTests
{
    private static readonly Dictionary<string, object>[] Configurations =
    [
        new() { ["lr"] = 0.001, ["dropout"] = 0.2, ["layers"] = 3, ["units"] = 64, ["batch"] = 64, ["optimizer"] = "adam", ["width"] = 2 },
        new() { ["lr"] = 0.01, ["dropout"] = 0.0, ["layers"] = 1, ["units"] = 16, ["batch"] = 32, ["optimizer"] = "sgd", ["width"] = 4.5 },
        new() { ["lr"] = 0.0001, ["dropout"] = 0.5, ["layers"] = 8, ["units"] = 256, ["batch"] = 256, ["optimizer"] = "adam", ["width"] = true },
        new() { ["lr"] = 0.05, ["dropout"] = 0.3, ["layers"] = 5, ["units"] = 100, ["batch"] = 128, ["optimizer"] = "sgd", ["width"] = 2 },
    ];

    [SkippableTheory]
    [InlineData("journal")]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public void AnOptimizedStudyComesWithItsStatesValuesParametersAndReports(string format)
    {
        var history = Fixture.Read(format);

        Assert.Equal(["optimized", "added"], history.StudyNames);
        Assert.Empty(history.Refused);
        var study = history.Studies.FindStudy("optimized")!;
        Assert.Equal(Direction.Minimize, study.Direction);
        Assert.Equal(new Dictionary<string, object> { ["dataset"] = "ml-100k", ["epochs"] = 20 }, study.UserAttrs);
        var trials = history.Studies.GetAllTrials("optimized");
        Assert.Equal([TrialState.Complete, TrialState.Pruned, TrialState.Failed, TrialState.Running, TrialState.Waiting], trials.Select(t => t.State));
        Assert.Equal([0, 1, 2, 3, 4], trials.Select(t => t.Number));
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(Configurations[i], trials[i].Params);
            Assert.Equal($"trial {i}", trials[i].UserAttrs["note"]);
            Assert.Equal(Configurations[i], Fixed(trials[i]));
            Assert.True(trials[i].DatetimeStart <= trials[i].DatetimeComplete);
        }
        Assert.Equal(1.0213999999999999, trials[0].Value);
        Assert.Equal(new SortedDictionary<int, double> { [0] = 1.2713999999999999, [1] = 1.1463999999999999, [2] = 1.0213999999999999 }, trials[0].IntermediateValues);
        // A pruned trial keeps its last report as its value, as Optuna stores it.
        Assert.Equal(0.7792, trials[1].Value);
        Assert.Equal(new SortedDictionary<int, double> { [0] = 1.0292, [1] = 0.9042, [2] = 0.7792 }, trials[1].IntermediateValues);
        Assert.Null(trials[2].Value);
        Assert.Empty(trials[2].IntermediateValues);
        Assert.IsType<bool>(trials[2].Params["width"]);
        Assert.Equal(new CategoricalDistribution([2, 4.5, true]), trials[0].Distributions["width"]);
        Assert.Equal(new FloatDistribution(1e-5, 0.1, log: true), trials[0].Distributions["lr"]);
        Assert.Equal(new FloatDistribution(0, 0.5, step: 0.1), trials[0].Distributions["dropout"]);
        Assert.Equal(new IntDistribution(1, 8), trials[0].Distributions["layers"]);
        Assert.Equal(new IntDistribution(16, 256, log: true), trials[0].Distributions["units"]);
        Assert.Equal(new IntDistribution(32, 256, step: 32), trials[0].Distributions["batch"]);
        Assert.Equal(new CategoricalDistribution(["adam", "sgd"]), trials[0].Distributions["optimizer"]);
        // The running trial took the last enqueued parameters for what it asked; the waiting one has only its fixed ones.
        Assert.Equal(new Dictionary<string, object> { ["lr"] = 0.05 }, trials[3].Params);
        Assert.Equal("gpu-1", trials[3].UserAttrs["host"]);
        Assert.Equal(Configurations[3], Fixed(trials[3]));
        Assert.NotNull(trials[3].DatetimeStart);
        Assert.Null(trials[3].DatetimeComplete);
        Assert.Empty(trials[4].Params);
        Assert.Equal(new Dictionary<string, object> { ["lr"] = 0.02, ["layers"] = 2 }, Fixed(trials[4]));
        Assert.Equal(new Dictionary<string, object> { ["fixed_params:lr"] = 0.02, ["fixed_params:layers"] = 2 }, trials[4].SystemAttrs);
        Assert.Null(trials[4].DatetimeStart);
    }

    [SkippableTheory]
    [InlineData("journal")]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public void AddedTrialsKeepTheirTimesAttributesAndFailReason(string format)
    {
        var history = Fixture.Read(format);

        Assert.Equal(Direction.Maximize, history.Studies.FindStudy("added")!.Direction);
        var trials = history.Studies.GetAllTrials("added");
        var complete = trials[0];
        Assert.Equal(TrialState.Complete, complete.State);
        Assert.Equal(0.75, complete.Value);
        Assert.Equal(new Dictionary<string, object> { ["x"] = 0.5, ["k"] = 7, ["c"] = "b" }, complete.Params);
        // Python writes NaN and the infinities as bare words in the journal, and the RDB schema as a NULL and its type.
        Assert.Equal(new SortedDictionary<int, double> { [0] = 0.5, [5] = 0.7, [6] = double.NaN, [7] = double.NegativeInfinity }, complete.IntermediateValues);
        // Optuna's times are the writer's local ones without a zone; MetaOpt keeps UTC.
        Assert.Equal(new DateTime(2024, 3, 1, 12, 0, 1, 250, DateTimeKind.Local).ToUniversalTime(), complete.DatetimeStart);
        Assert.Equal(new DateTime(2024, 3, 1, 12, 0, 30, DateTimeKind.Local).AddTicks(5000).ToUniversalTime(), complete.DatetimeComplete);
        Assert.Equal(DateTimeKind.Utc, complete.DatetimeStart!.Value.Kind);
        // A list has no MetaOpt attribute type: it is kept as its JSON text, and the history says so.
        Assert.Equal(new Dictionary<string, object> { ["ratio"] = 0.25, ["flag"] = false, ["count"] = 12, ["tags"] = "[\"a\", \"b\"]" }, complete.UserAttrs);
        Assert.Equal("1 attribute value that is a list, an object or None is kept as its JSON text", history.Notes["added"]);
        Assert.False(history.Notes.ContainsKey("optimized"));
        Assert.Equal(new Dictionary<string, object> { ["origin"] = "hand" }, complete.SystemAttrs);
        var failed = trials[1];
        Assert.Equal(TrialState.Failed, failed.State);
        Assert.Equal("out of memory", failed.FailReason);
        Assert.Empty(failed.SystemAttrs);
        Assert.Equal(-0.25, failed.Params["x"]);
        Assert.Equal(new DateTime(2024, 3, 1, 12, 2, 0, DateTimeKind.Local).ToUniversalTime(), failed.DatetimeComplete);
    }

    [Fact]
    public void AMultiObjectiveStudyComesWithItsDirectionsAndEachTrialsValues()
    {
        var history = Fixture.Read("journal", "multi");

        Assert.Empty(history.Refused);
        Assert.Equal([Direction.Minimize, Direction.Maximize], history.Studies.FindStudy("pareto")!.Directions);
        var trials = history.Studies.GetAllTrials("pareto");
        Assert.Equal(2, trials.Count);
        // The fixture's objective returns its two parameters.
        Assert.All(trials, t => Assert.Equal([(double)t.Params["x"], (double)t.Params["y"]], t.Values));
        Assert.All(trials, t => Assert.Null(t.Value));
    }

    [Theory]
    [InlineData("constrained", "feasible", "trial 0 has constraints (MetaOpt has no constrained studies)")]
    [InlineData("named", "runs/2024", "its name is not a MetaOpt study name, which must not contain '/' or '\\': 'runs/2024'; rename it in Optuna first")]
    public void AStudyMetaOptCannotHoldIsRefusedByNameAndTheOthersStillRead(string file, string refused, string why)
    {
        var history = Fixture.Read("journal", file);

        Assert.Equal(["plain", refused], history.StudyNames);
        Assert.Equal(new Dictionary<string, string> { [refused] = why }, history.Refused);
        Assert.Equal(["plain"], history.Studies.GetAllStudies().Select(s => s.Name));
        Assert.Equal(2, history.Studies.GetAllTrials("plain").Count(t => t.State == TrialState.Complete));
    }

    [Fact]
    public void AJournalCutShortByACrashReadsUpToTheCutAndDamageBeforeTheEndIsNamedByLine()
    {
        using var directory = new TemporaryFolder();
        var lines = File.ReadAllLines(Fixture.Path("history.journal"));
        var cut = directory.File("cut.journal");
        File.WriteAllText(cut, string.Join('\n', lines[..3]) + "\n" + lines[3][..20]);
        var damaged = directory.File("damaged.journal");
        File.WriteAllLines(damaged, [lines[0], "{\"op_code\": 4, \"stud", lines[1]]);

        var history = OptunaJournal.Read(cut);
        var error = Assert.Throws<InvalidDataException>(() => OptunaJournal.Read(damaged));

        Assert.Equal(["optimized"], history.StudyNames);
        Assert.Equal(new Dictionary<string, object> { ["dataset"] = "ml-100k", ["epochs"] = 20 }, history.Studies.FindStudy("optimized")!.UserAttrs);
        Assert.Empty(history.Studies.GetAllTrials("optimized"));
        Assert.StartsWith($"line 2 of the Optuna journal '{damaged}' is not JSON", error.Message);
    }

    [Fact]
    public void AFileThatIsNotAnOptunaDatabaseIsRefusedInOneLine()
    {
        var error = Assert.Throws<InvalidDataException>(() => OptunaRdb.ReadSqlite(Fixture.Path("history.journal")));

        Assert.StartsWith($"'{Fixture.Path("history.journal")}' is not an Optuna 3 database (", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    private static Dictionary<string, object> Fixed(FrozenTrial trial) =>
        trial.SystemAttrs.Where(a => a.Key.StartsWith("fixed_params:", StringComparison.Ordinal))
            .ToDictionary(a => a.Key["fixed_params:".Length..], a => a.Value);
}
