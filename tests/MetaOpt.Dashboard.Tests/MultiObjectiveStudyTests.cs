using MetaOpt.TestSupport;

namespace MetaOpt.Dashboard.Tests;

/// <summary>A multi-objective study on the dashboard: its directions, Pareto front and values per objective, in the JSON and in a real browser.</summary>
public sealed class MultiObjectiveStudyTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    // Trials 0, 1 and 3 are the front under (minimize, maximize); trial 2 is dominated by 1; trial 4 failed.
    private static InMemoryStorage Storage()
    {
        var storage = new InMemoryStorage();
        storage.CreateStudy("pareto", Direction.Minimize, Direction.Maximize);
        double[][] values = [[1, 1], [2, 3], [3, 2], [4, 5]];
        foreach (var v in values)
        {
            var trial = storage.CreateTrial("pareto", TrialState.Running);
            storage.SetTrialParam(trial.Id, "x", v[0] / 10, new FloatDistribution(0, 1));
            storage.FinishTrial(trial.Id, TrialState.Complete, v, null);
        }
        storage.FinishTrial(storage.CreateTrial("pareto", TrialState.Running).Id, TrialState.Failed, null, "boom");
        return storage;
    }

    [Fact]
    public async Task TheSummaryNamesTheDirectionsAndTheFrontAndTheTrialsCarryTheirValues()
    {
        using var storage = Storage();
        await using var host = await DashboardHost.StartAsync(storage);

        var study = await host.GetJsonAsync("/api/studies/pareto");
        var trials = await host.GetJsonAsync("/api/studies/pareto/trials?sort=number&order=asc");

        Assert.Equal(["minimize", "maximize"], study["directions"]!.AsArray().Select(d => (string)d!));
        Assert.Equal(3, (int)study["front"]!);
        Assert.Null(study["best"]);
        Assert.Equal(4, (int)study["counts"]!["complete"]!);
        var first = trials["trials"]![1]!;
        Assert.Equal([2.0, 3.0], first["values"]!.AsArray().Select(v => (double)v!));
        Assert.Null(first["value"]);
    }

    [SkippableFact]
    public async Task TheStudyPageShowsValuesPerObjectiveWithoutScriptErrors()
    {
        var executable = Requires.Chromium();
        using var storage = Storage();
        await using var host = await DashboardHost.StartAsync(storage, pollMilliseconds: 500);
        await using var browser = await HeadlessChromium.StartAsync(executable);

        await browser.NavigateAsync(new Uri(host.Server.Url, "/study?name=pareto"));

        Assert.True(await browser.WaitForAsync("document.getElementById('summary').textContent.includes('Pareto front of 3 trials')" +
                                               " && document.querySelectorAll('#trials tr').length > 4", Patience),
            "the study page never showed the front and the trials");
        Assert.StartsWith("minimize, maximize · 5 trials", (string?)await browser.EvaluateAsync("document.getElementById('summary').textContent"));
        var cells = (string?)await browser.EvaluateAsync("[...document.querySelectorAll('#trials tr')].slice(1).map(r => r.children[2].textContent).join(' | ')");
        Assert.Contains("2, 3", cells);
        Assert.Contains("4, 5", cells);
        Assert.Empty(browser.Errors);
    }
}
