using System.Net;
using System.Text.Json.Nodes;
using MetaOpt.TestSupport;

namespace MetaOpt.Dashboard.Tests;

/// <summary>The JSON the pages read, at 10,000 trials: paging, sorting and filtering on the server, incremental updates.</summary>
public sealed class DataEndpointTests : IAsyncLifetime
{
    private const int TrialCount = 10_000;
    private readonly InMemoryStorage _storage = new();
    private DashboardHost _host = null!;

    public async Task InitializeAsync()
    {
        _storage.CreateStudy("big", Direction.Minimize);
        SyntheticStudy.AddFinished(_storage, "big", TrialCount);
        _storage.CreateStudy("small-max", Direction.Maximize);
        SyntheticStudy.AddFinished(_storage, "small-max", 100);
        _host = await DashboardHost.StartAsync(_storage);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _storage.Dispose();
    }

    [Fact]
    public async Task StudiesListCountsTrialsByStateAndTheBestOfEachDirection()
    {
        var studies = (await _host.GetJsonAsync("/api/studies")).AsArray();

        var small = studies.Single(s => (string)s!["name"]! == "small-max")!;
        Assert.Equal("maximize", (string)small["direction"]!);
        Assert.Equal(100, (int)small["total"]!);
        Assert.Equal(88, (int)small["counts"]!["complete"]!);
        Assert.Equal(8, (int)small["counts"]!["pruned"]!);
        Assert.Equal(4, (int)small["counts"]!["failed"]!);
        Assert.Equal(99, (int)small["best"]!["number"]!);
        var big = studies.Single(s => (string)s!["name"]! == "big")!;
        Assert.Equal(1.0, (double)big["best"]!["value"]!);
        Assert.Equal(1, (int)big["best"]!["number"]!);
    }

    [Fact]
    public async Task APageIsSortedByValueWithTiesInNumberOrder()
    {
        var page = await _host.GetJsonAsync("/api/studies/big/trials?state=complete&sort=value&order=desc&limit=5");

        var expectedTotal = _storage.GetAllTrials("big").Count(t => t.State == TrialState.Complete);
        Assert.Equal(expectedTotal, (int)page["total"]!);
        Assert.Equal([9999, 8999, 7999, 6999, 5999], Numbers(page));
        Assert.All(page["trials"]!.AsArray(), t => Assert.Equal(999.0, (double)t!["value"]!));
    }

    [Fact]
    public async Task TheLastPageHoldsTheRemainingTrials()
    {
        var page = await _host.GetJsonAsync("/api/studies/big/trials?sort=number&order=asc&offset=9990&limit=50");

        Assert.Equal(TrialCount, (int)page["total"]!);
        Assert.Equal(Enumerable.Range(9990, 10), Numbers(page));
    }

    [Fact]
    public async Task ValueSortPutsTrialsWithoutValueLast()
    {
        var page = await _host.GetJsonAsync($"/api/studies/big/trials?sort=value&offset={TrialCount - 3}&limit=3");

        Assert.Equal([9925, 9950, 9975], Numbers(page));
        Assert.All(page["trials"]!.AsArray(), t => Assert.Equal("Failed", (string)t!["state"]!));
    }

    [Fact]
    public async Task NumericParameterRangeAndStateFilterCombine()
    {
        var page = await _host.GetJsonAsync("/api/studies/big/trials?param=layers&min=3&max=3.5&state=pruned,failed&limit=1000");

        // layers = 3 when n mod 8 = 2; pruned or failed when n is a multiple of 10 or 25.
        var expected = Enumerable.Range(0, TrialCount).Where(n => n % 8 == 2 && (n % 10 == 0 || n % 25 == 0)).ToList();
        Assert.Equal(expected.Count, (int)page["total"]!);
        Assert.Equal(expected, Numbers(page));
    }

    [Fact]
    public async Task CategoricalParameterFilterAndParameterSort()
    {
        var page = await _host.GetJsonAsync("/api/studies/big/trials?param=optimizer&value=sgd&sort=param:lr&order=desc&limit=3");

        Assert.Equal(Enumerable.Range(0, TrialCount).Count(n => n % 3 == 1), (int)page["total"]!);
        // The largest lr is at n mod 100 = 99; of those with n mod 3 = 1, the three highest numbers come first.
        var expected = Enumerable.Range(0, TrialCount).Where(n => n % 100 == 99 && n % 3 == 1).OrderDescending().Take(3);
        Assert.Equal(expected, Numbers(page));
        Assert.All(page["trials"]!.AsArray(), t => Assert.Equal("sgd", (string)t!["params"]!["optimizer"]!));
    }

    [Fact]
    public async Task TheSearchSpaceIsInTheEnginesDistributionJsonWithLabelsTheValueFilterMatches()
    {
        _storage.CreateStudy("mixed", Direction.Minimize);
        var choices = new CategoricalDistribution(new object[] { "a", 3, true, 0.5 });
        for (var i = 0; i < 4; i++)
        {
            var trial = _storage.CreateTrial("mixed", TrialState.Running);
            _storage.SetTrialParam(trial.Id, "c", i, choices);
            _storage.SetTrialParam(trial.Id, "n", 16, new IntDistribution(16, 256, step: 16));
            _storage.FinishTrial(trial.Id, TrialState.Complete, i, null);
        }

        var space = (await _host.GetJsonAsync("/api/studies/mixed"))["space"]!;
        var labels = space["c"]!["labels"]!.AsArray().Select(l => (string)l!).ToList();
        var matched = new List<int>();
        foreach (var label in labels)
            matched.AddRange(Numbers(await _host.GetJsonAsync($"/api/studies/mixed/trials?param=c&value={Uri.EscapeDataString(label)}")));

        Assert.Equal(DistributionJson.ToNode(choices).ToJsonString(), RemoveLabels(space["c"]!).ToJsonString());
        Assert.Equal("""{"kind":"int","low":16,"high":256,"log":false,"step":16}""", space["n"]!.ToJsonString());
        Assert.Equal(["a", "3", "true", "0.5"], labels);
        Assert.Equal([0, 1, 2, 3], matched);
    }

    private static JsonNode RemoveLabels(JsonNode node)
    {
        var copy = node.DeepClone().AsObject();
        copy.Remove("labels");
        return copy;
    }

    [Fact]
    public async Task AStudySaysWhetherAnyTrialReportedAStepSoThePageLeavesOutEmptyLearningCurves()
    {
        _storage.CreateStudy("function", Direction.Minimize);
        var trial = _storage.CreateTrial("function", TrialState.Running);
        _storage.SetTrialParam(trial.Id, "x", 0.5, new FloatDistribution(0, 1));
        _storage.FinishTrial(trial.Id, TrialState.Complete, 0.5, null);

        var function = await _host.GetJsonAsync("/api/studies/function");
        var update = await _host.GetJsonAsync("/api/studies/function/updates?since=0");
        var listed = (await _host.GetJsonAsync("/api/studies")).AsArray();

        Assert.False((bool)function["reportsSteps"]!);
        Assert.False((bool)update["study"]!["reportsSteps"]!);
        Assert.False((bool)listed.Single(s => (string)s!["name"]! == "function")!["reportsSteps"]!);
        Assert.True((bool)listed.Single(s => (string)s!["name"]! == "small-max")!["reportsSteps"]!);
    }

    [Fact]
    public async Task AStudyServesItsDeclaredMetricsAndBaselinesWithTheirValuesAndADamagedDeclarationAsAnError()
    {
        _storage.CreateStudy("declared", Direction.Maximize);
        new StudyDeclarations
        {
            Metrics = [new("accuracy", "hold-out accuracy", Direction.Maximize)],
            Baselines = [new("majority", "majority class", "hold-out", "accuracy"), new("stump", "decision stump", "hold-out", "accuracy")],
            StrategyParameters = ["model"],
        }.Store(Study.Load("declared", new StudyOptions { Storage = _storage }));
        _storage.SetStudyUserAttr("declared", "majority", 0.6);
        _storage.CreateStudy("damaged", Direction.Minimize);
        _storage.SetStudyUserAttr("damaged", StudyDeclarations.AttributeKey, "{\"metrics\": 1}");

        var declared = await _host.GetJsonAsync("/api/studies/declared");
        var damaged = await _host.GetJsonAsync("/api/studies/damaged");
        var plain = await _host.GetJsonAsync("/api/studies/small-max");

        var declarations = declared["declarations"]!;
        Assert.Equal("hold-out accuracy", (string?)declarations["metrics"]![0]!["label"]);
        Assert.Equal("maximize", (string?)declarations["metrics"]![0]!["direction"]);
        Assert.Equal(["majority", "stump"], declarations["baselines"]!.AsArray().Select(b => (string?)b!["key"]));
        Assert.Equal(0.6, (double?)declarations["baselines"]![0]!["value"]);
        Assert.Null(declarations["baselines"]![1]!["value"]);
        Assert.Equal("accuracy", (string?)declarations["baselines"]![1]!["metric"]);
        Assert.Equal("model", (string?)declarations["strategyParameters"]![0]);
        Assert.False(declared["userAttrs"]!.AsObject().ContainsKey(StudyDeclarations.AttributeKey));
        Assert.Contains("'metrics' is not a list", (string?)damaged["declarations"]!["error"]);
        Assert.Empty(plain["declarations"]!["baselines"]!.AsArray());
    }

    [Fact]
    public async Task MidRaceTheWinnerIsTheIncumbentBestNamesNotTheBetterMeanOverFewerRuns()
    {
        // Intensifying: 0 scores 5 on every seed, 1 and 3 score 9, 5 scores 2; stopped after 7 trials, while 5 has two
        // of the three runs it needs to replace 0 (the engine's IntensificationTests script).
        var study = Study.Create("racing", new StudyOptions
        {
            Storage = _storage, Seed = 11, Sampler = new TrialNumberSampler(), Intensification = new IntensificationOptions { MaxRuns = 3 },
        });
        study.Optimize(t => (int)t.SuggestFloat("x", 0, 100) switch { 0 => 5, 5 => 2, _ => 9 }, trials: 7);

        var confirmed = (await _host.GetJsonAsync("/api/studies/racing"))["confirmed"]!;

        Assert.Equal([5, 0], confirmed["configurations"]!.AsArray().Select(c => (int)c!["configuration"]!));
        Assert.Equal((0, 5, false), ((int)confirmed["winner"]!, (int)confirmed["runnerUp"]!, (bool)confirmed["winnerHasBestMean"]!));
        Assert.Equal("a paired t-test on 2 common seeds", (string)confirmed["topTwoTest"]!);
    }

    [Fact]
    public async Task AStudyWithRepeatsServesItsConfirmedMeansAndSortsEachConfigurationsRunsTogether()
    {
        RepeatedStudy.Add(_storage, "repeated");

        var detail = await _host.GetJsonAsync("/api/studies/repeated");
        var update = await _host.GetJsonAsync("/api/studies/repeated/updates?since=7");
        var grouped = await _host.GetJsonAsync("/api/studies/repeated/trials?sort=configuration");
        var plain = await _host.GetJsonAsync("/api/studies/small-max");

        var confirmed = detail["confirmed"]!;
        Assert.Equal([0, 1], confirmed["configurations"]!.AsArray().Select(c => (int)c!["configuration"]!));
        var winner = confirmed["configurations"]![0]!;
        Assert.Equal((3, 2.0), ((int)winner["runs"]!, (double)winner["mean"]!));
        Assert.Equal(-0.484138, (double)winner["low"]!, 6);
        Assert.Equal(4.484138, (double)winner["high"]!, 6);
        Assert.Equal(0, (int)confirmed["winner"]!);
        Assert.True((bool)confirmed["topTwoToldApart"]!);
        Assert.Equal("Welch's test", (string)confirmed["topTwoTest"]!);
        var baseline = confirmed["baselines"]![0]!;
        Assert.Equal(("global mean", "validation", 3), ((string)baseline["label"]!, (string)baseline["group"]!, (int)baseline["runs"]!));
        Assert.Equal(2.2, (double)baseline["mean"]!, 12);
        Assert.Equal(confirmed.ToJsonString(), update["study"]!["confirmed"]!.ToJsonString());
        Assert.Equal([0, 3, 4, 1, 5, 6, 2], Numbers(grouped));
        Assert.Equal((0, 2), ((int)grouped["trials"]![2]!["configuration"]!, (int)grouped["trials"]![2]!["repeat"]!));
        Assert.Null(plain["confirmed"]);
    }

    [Fact]
    public async Task UpdatesSendOnlyNewTrialsAndThoseThePageHeldUnfinished()
    {
        _storage.CreateStudy("live", Direction.Minimize);
        SyntheticStudy.AddFinished(_storage, "live", TrialCount);
        var running = SyntheticStudy.Start(_storage, "live", device: "cuda:1");

        var first = await _host.GetJsonAsync($"/api/studies/live/updates?since={TrialCount}");
        Assert.Equal([TrialCount], Numbers(first));
        Assert.Equal("Running", (string)first["trials"]![0]!["state"]!);

        _storage.FinishTrial(running.Id, TrialState.Complete, 0.5, null);
        SyntheticStudy.AddFinished(_storage, "live", 2);
        await Task.Delay(600); // past the snapshot that the first poll left, as the page's next poll would be
        var second = await _host.GetJsonAsync($"/api/studies/live/updates?since={TrialCount + 1}&open={TrialCount}");
        var withoutOpen = await _host.GetJsonAsync($"/api/studies/live/updates?since={TrialCount + 1}");

        Assert.Equal([TrialCount, TrialCount + 1, TrialCount + 2], Numbers(second));
        Assert.Equal("Complete", (string)second["trials"]![0]!["state"]!);
        Assert.Equal(TrialCount + 3, (int)second["study"]!["total"]!);
        Assert.Equal([TrialCount + 1, TrialCount + 2], Numbers(withoutOpen));
    }

    [Fact]
    public async Task RunningTrialsShowTheirStepAndDevice()
    {
        _storage.CreateStudy("running", Direction.Minimize);
        SyntheticStudy.AddFinished(_storage, "running", 3);
        var trial = SyntheticStudy.Start(_storage, "running", device: "cuda:0");
        _storage.SetTrialIntermediateValue(trial.Id, 0, 2.0);
        _storage.SetTrialIntermediateValue(trial.Id, 7, 1.5);

        var running = Assert.Single((await _host.GetJsonAsync("/api/studies/running/running")).AsArray())!;

        Assert.Equal(3, (int)running["number"]!);
        Assert.Equal("cuda:0", (string)running["user_attrs"]!["device"]!);
        Assert.Equal("test-host:42", (string)running["owner"]!);
        Assert.Equal("""{"0":2,"7":1.5}""", running["intermediate_values"]!.ToJsonString());
    }

    [Fact]
    public async Task ATrialIsTheEnginesTrialJsonWithTheHeartbeatAndWorkerAdded()
    {
        // One form everywhere: what export writes for a trial is what the API sends, plus the live view's two fields.
        _storage.CreateStudy("form", Direction.Minimize);
        var trial = SyntheticStudy.Start(_storage, "form", device: "cuda:0");
        _storage.SetTrialIntermediateValue(trial.Id, 1, double.NaN);
        _storage.RecordHeartbeat(trial.Id);
        var stored = _storage.GetTrial(trial.Id);

        var sent = Assert.Single((await _host.GetJsonAsync("/api/studies/form/running")).AsArray())!.AsObject();

        var engine = TrialJson.ToNode(stored);
        Assert.Equal(engine.Select(f => f.Key).Concat(["datetime_heartbeat", "owner"]), sent.Select(f => f.Key));
        Assert.All(engine, f => Assert.True(JsonNode.DeepEquals(f.Value, sent[f.Key]), f.Key));
        Assert.Equal("Running", (string)sent["state"]!);
        Assert.Equal("NaN", (string)sent["intermediate_values"]!["1"]!);
        Assert.Equal(DateTime.SpecifyKind(stored.Heartbeat!.Value, DateTimeKind.Utc), (DateTime)sent["datetime_heartbeat"]!);
        Assert.Equal("test-host:42", (string)sent["owner"]!);
    }

    [Fact]
    public async Task ImportanceIsRecomputedOnlyWhenTrialsComplete()
    {
        _storage.CreateStudy("importance", Direction.Minimize);
        SyntheticStudy.AddFinished(_storage, "importance", 40);

        var first = await _host.GetJsonAsync("/api/studies/importance/importance");
        var again = await _host.GetJsonAsync("/api/studies/importance/importance");
        SyntheticStudy.AddFinished(_storage, "importance", 10);
        await Task.Delay(600);
        var later = await _host.GetJsonAsync("/api/studies/importance/importance");

        var completeAt40 = Enumerable.Range(0, 40).Count(n => n % 10 != 0 && n % 25 != 0);
        var completeAt50 = Enumerable.Range(0, 50).Count(n => n % 10 != 0 && n % 25 != 0);
        Assert.Equal(completeAt40, (int)first["trialsUsed"]!);
        Assert.Equal(first.ToJsonString(), again.ToJsonString());
        Assert.Equal(completeAt50, (int)later["trialsUsed"]!);
        var shares = later["importances"]!.AsArray().Select(p => (double)p!["importance"]!).ToList();
        Assert.Equal(3, shares.Count);
        Assert.Equal(1.0, shares.Sum(), 9);
    }

    [Theory]
    [InlineData("/api/studies/big/trials?state=done", "unknown state 'done'")]
    [InlineData("/api/studies/big/trials?sort=colour", "unknown sort 'colour'")]
    [InlineData("/api/studies/big/trials?limit=0", "limit must be an integer from 1 to 1000, not '0'")]
    [InlineData("/api/studies/big/trials?min=1", "add param=NAME")]
    [InlineData("/api/studies/big/updates?since=-1", "since must be a trial count")]
    public async Task BadQueriesAreRefusedNamingTheValue(string path, string message)
    {
        using var response = await _host.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!);
    }

    [Fact]
    public async Task AnUnknownStudyIsNotFound()
    {
        using var response = await _host.Client.GetAsync("/api/studies/nope/trials");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("no study 'nope'", await response.Content.ReadAsStringAsync());
    }

    private static List<int> Numbers(JsonNode page) => page["trials"]!.AsArray().Select(t => (int)t!["number"]!).ToList();
}
