using System.Diagnostics;
using System.Text.Json;
using MetaOpt.TestSupport;

namespace MetaOpt.Storage.Optuna.Tests;

/// <summary>A MetaOpt study written as an Optuna journal reads back unchanged, in MetaOpt and in Python Optuna.</summary>
public sealed class ExportTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void AStudyThroughAnOptunaJournalAndBackIsUnchangedWithItsTimesToTheMicrosecond()
    {
        using var source = SourceStudy.Create(_folder.File("source.db"));
        var journal = _folder.File("study.journal");

        OptunaJournal.Write(journal, source, [SourceStudy.Name]);
        var back = OptunaJournal.Read(journal);

        var trials = source.GetAllTrials(SourceStudy.Name);
        Assert.Equal([TrialState.Complete, TrialState.Pruned, TrialState.Failed, TrialState.Complete, TrialState.Complete, TrialState.Running, TrialState.Waiting],
            trials.Select(t => t.State));
        Assert.NotNull(trials[5].Heartbeat);
        Assert.Contains("diverged", trials[2].FailReason);
        Assert.Empty(back.Refused);
        Assert.Empty(back.Notes);
        var study = back.Studies.FindStudy(SourceStudy.Name)!;
        Assert.Equal(Direction.Maximize, study.Direction);
        Assert.Equal(source.FindStudy(SourceStudy.Name)!.UserAttrs, study.UserAttrs);
        // Optuna keeps times to the microsecond (and Python before 3.11 reads no finer), a tenth of .NET's tick.
        SourceStudy.AssertSameTrials(trials, back.Studies.GetAllTrials(SourceStudy.Name), t => t?.AddTicks(-(t.Value.Ticks % 10)));
        Assert.Contains(trials, t => t.DatetimeStart is { } start && start.Ticks % 10 != 0);
    }

    [Fact]
    public void ImportedOptunaStudiesGoBackOutUnchangedAndAppendToAJournalThatHasOthers()
    {
        var history = Fixture.Read("journal");
        var journal = _folder.File("both.journal");
        File.Copy(Fixture.Path("bowl.journal"), journal);
        var before = File.ReadAllText(journal);

        OptunaJournal.Write(journal, history.Studies, ["optimized", "added"]);
        var back = OptunaJournal.Read(journal);
        var again = Assert.Throws<InvalidOperationException>(() => OptunaJournal.Write(journal, history.Studies, ["added"]));

        Assert.Equal(["bowl", "optimized", "added"], back.StudyNames);
        Assert.StartsWith(before, File.ReadAllText(journal));
        foreach (var name in new[] { "optimized", "added" })
        {
            Assert.Equal(history.Studies.FindStudy(name)!.UserAttrs, back.Studies.FindStudy(name)!.UserAttrs);
            SourceStudy.AssertSameTrials(history.Studies.GetAllTrials(name), back.Studies.GetAllTrials(name));
        }
        Assert.Equal($"The Optuna journal '{journal}' already has a study 'added'.", again.Message);
        Assert.Equal(3, OptunaJournal.Read(journal).StudyNames.Count);
    }

    private static InMemoryStorage MultiObjectiveStudy()
    {
        var storage = new InMemoryStorage();
        var study = Study.Create("pareto", new StudyOptions { Storage = storage, Sampler = new RandomSampler(5), Directions = [Direction.Minimize, Direction.Maximize] });
        study.OptimizeObjectives(t => { var x = t.SuggestFloat("x", 0, 1); return [x, 1 - x * x]; }, trials: 3);
        return storage;
    }

    [Fact]
    public void AMultiObjectiveStudyThroughAnOptunaJournalAndBackKeepsItsDirectionsAndValues()
    {
        var source = MultiObjectiveStudy();
        var journal = _folder.File("pareto.journal");

        OptunaJournal.Write(journal, source, ["pareto"]);
        var back = OptunaJournal.Read(journal);

        Assert.Empty(back.Refused);
        Assert.Equal([Direction.Minimize, Direction.Maximize], back.Studies.FindStudy("pareto")!.Directions);
        var trials = source.GetAllTrials("pareto");
        Assert.Equal(trials.Select(t => t.Values), back.Studies.GetAllTrials("pareto").Select(t => t.Values));
        Assert.All(trials, t => Assert.Equal(2, t.Values!.Count));
    }

    [SkippableFact]
    public void PythonOptunaReadsAnExportedMultiObjectiveStudy()
    {
        Requires.Tool(Fixture.Python("import optuna"), "python3-optuna not importable by /usr/bin/python3 (Debian: apt-get install python3-optuna; .ci/run installs it)");
        var source = MultiObjectiveStudy();
        var journal = _folder.File("pareto.journal");
        OptunaJournal.Write(journal, source, ["pareto"]);
        var script = _folder.File("read.py");
        File.WriteAllText(script, """
            import json, sys, warnings
            warnings.simplefilter("ignore")
            import optuna
            storage = optuna.storages.JournalStorage(optuna.storages.JournalFileStorage(sys.argv[1]))
            study = optuna.load_study(study_name="pareto", storage=storage)
            print(json.dumps({"directions": [d.name for d in study.directions], "values": [t.values for t in study.trials],
                              "best": sorted(t.number for t in study.best_trials)}))
            """);

        using var document = JsonDocument.Parse(Run("/usr/bin/python3", script, journal));

        var root = document.RootElement;
        Assert.Equal(["MINIMIZE", "MAXIMIZE"], root.GetProperty("directions").EnumerateArray().Select(d => d.GetString()));
        var trials = source.GetAllTrials("pareto");
        Assert.Equal(trials.Select(t => t.Values!.ToArray()), root.GetProperty("values").EnumerateArray().Select(v => v.EnumerateArray().Select(x => x.GetDouble()).ToArray()));
        Assert.Equal(Pareto.Front(trials, [Direction.Minimize, Direction.Maximize]).Select(t => t.Number),
            root.GetProperty("best").EnumerateArray().Select(n => n.GetInt32()));
    }

    [SkippableFact]
    public void PythonOptunaReadsTheExportedJournal()
    {
        Requires.Tool(Fixture.Python("import optuna"), "python3-optuna not importable by /usr/bin/python3 (Debian: apt-get install python3-optuna; .ci/run installs it)");
        using var source = SourceStudy.Create(_folder.File("source.db"));
        var journal = _folder.File("study.journal");
        OptunaJournal.Write(journal, source, [SourceStudy.Name]);
        var script = _folder.File("read.py");
        File.WriteAllText(script, """
            import json, sys, warnings
            warnings.simplefilter("ignore")
            import optuna
            storage = optuna.storages.JournalStorage(optuna.storages.JournalFileStorage(sys.argv[1]))
            study = optuna.load_study(study_name=sys.argv[2], storage=storage)
            # What optuna-dashboard's study list reads through the same storage API.
            summary = [s for s in optuna.get_all_study_summaries(storage) if s.study_name == sys.argv[2]][0]
            def typed(v):
                return [type(v).__name__, v]
            print(json.dumps({
                "direction": study.direction.name,
                "user_attrs": {k: typed(v) for k, v in study.user_attrs.items()},
                "best": study.best_trial.number,
                "summary": [summary.n_trials, summary.best_trial.number, summary.direction.name],
                "trials": [{
                    "state": t.state.name, "value": t.value,
                    "params": {k: typed(v) for k, v in t.params.items()},
                    "distributions": {k: repr(d) for k, d in t.distributions.items()},
                    "intermediate": {str(k): v for k, v in t.intermediate_values.items()},
                    "user_attrs": {k: typed(v) for k, v in t.user_attrs.items()},
                    "fixed_params": t.system_attrs.get("fixed_params"),
                    "start": t.datetime_start.isoformat(timespec="microseconds") if t.datetime_start else None,
                } for t in study.trials]}))
            """);

        var output = Run("/usr/bin/python3", script, journal, SourceStudy.Name);

        using var document = JsonDocument.Parse(output);
        var root = document.RootElement;
        var trials = source.GetAllTrials(SourceStudy.Name);
        Assert.Equal("MAXIMIZE", root.GetProperty("direction").GetString());
        AssertTyped(source.FindStudy(SourceStudy.Name)!.UserAttrs, root.GetProperty("user_attrs"));
        var best = trials.Where(t => t.State == TrialState.Complete).MaxBy(t => t.Value)!.Number;
        Assert.Equal(best, root.GetProperty("best").GetInt32());
        Assert.Equal($"[{trials.Count},{best},\"MAXIMIZE\"]", root.GetProperty("summary").GetRawText().Replace(" ", ""));
        var read = root.GetProperty("trials").EnumerateArray().ToList();
        Assert.Equal(trials.Count, read.Count);
        foreach (var (trial, python) in trials.Zip(read))
        {
            Assert.Equal(trial.State switch { TrialState.Failed => "FAIL", var s => s.ToString().ToUpperInvariant() }, python.GetProperty("state").GetString());
            Assert.Equal(trial.Value, python.GetProperty("value").ValueKind == JsonValueKind.Null ? null : python.GetProperty("value").GetDouble());
            AssertTyped(trial.Params, python.GetProperty("params"));
            AssertTyped(trial.UserAttrs, python.GetProperty("user_attrs"));
            Assert.Equal(trial.IntermediateValues.ToDictionary(p => p.Key.ToString(), p => p.Value),
                python.GetProperty("intermediate").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble()));
            Assert.Equal(trial.DatetimeStart?.ToLocalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff"), python.GetProperty("start").GetString());
            var fixedParams = trial.SystemAttrs.Where(a => a.Key.StartsWith("fixed_params:")).ToDictionary(a => a.Key["fixed_params:".Length..], a => a.Value);
            if (fixedParams.Count == 0)
                Assert.Equal(JsonValueKind.Null, python.GetProperty("fixed_params").ValueKind);
            else
                Assert.Equal(fixedParams.Keys.Order(), python.GetProperty("fixed_params").EnumerateObject().Select(p => p.Name).Order());
        }
        var distributions = read[0].GetProperty("distributions");
        Assert.Equal("FloatDistribution(high=0.1, log=True, low=1e-05, step=None)", distributions.GetProperty("lr").GetString());
        Assert.Equal("FloatDistribution(high=0.5, log=False, low=0.0, step=0.1)", distributions.GetProperty("dropout").GetString());
        Assert.Equal("IntDistribution(high=256, log=True, low=16, step=1)", distributions.GetProperty("units").GetString());
        Assert.Equal("IntDistribution(high=256, log=False, low=32, step=32)", distributions.GetProperty("batch").GetString());
        Assert.Equal("CategoricalDistribution(choices=(2, 4.5, True))", distributions.GetProperty("width").GetString());
    }

    /// <summary>Python's values, as <c>[type name, value]</c>, are MetaOpt's with the matching types.</summary>
    private static void AssertTyped(IReadOnlyDictionary<string, object> expected, JsonElement python)
    {
        Assert.Equal(expected.Keys.Order(), python.EnumerateObject().Select(p => p.Name).Order());
        foreach (var (key, value) in expected)
        {
            var pair = python.GetProperty(key);
            var (type, read) = (pair[0].GetString(), pair[1]);
            switch (value)
            {
                case string s:
                    Assert.Equal(("str", s), (type, read.GetString()));
                    break;
                case bool b:
                    Assert.Equal(("bool", b), (type, read.GetBoolean()));
                    break;
                case int or long:
                    Assert.Equal(("int", Convert.ToInt64(value)), (type, read.GetInt64()));
                    break;
                default:
                    Assert.Equal(("float", (double)value), (type, read.GetDouble()));
                    break;
            }
        }
    }

    private static string Run(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} exited {process.ExitCode}: {error.Result}");
        return output;
    }
}
