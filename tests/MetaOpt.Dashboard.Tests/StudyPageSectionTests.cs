using MetaOpt.TestSupport;

namespace MetaOpt.Dashboard.Tests;

/// <summary>The study page in a real browser leaves out the charts that do not apply to a study, each with one line saying why.</summary>
public sealed class StudyPageSectionTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [SkippableFact]
    public async Task AFunctionStudyOfOneParameterShowsALineInsteadOfEmptyLearningCurvesImportanceAndContour()
    {
        var executable = Requires.Chromium();
        using var storage = new InMemoryStorage();
        storage.CreateStudy("function", Direction.Minimize);
        for (var i = 0; i < 5; i++)
        {
            var trial = storage.CreateTrial("function", TrialState.Running);
            storage.SetTrialParam(trial.Id, "x", i / 10.0, new FloatDistribution(0, 1));
            storage.FinishTrial(trial.Id, TrialState.Complete, i, null);
        }
        var running = storage.CreateTrial("function", TrialState.Running);
        storage.SetTrialParam(running.Id, "x", 0.9, new FloatDistribution(0, 1));
        await using var host = await DashboardHost.StartAsync(storage, pollMilliseconds: 500);
        await using var browser = await HeadlessChromium.StartAsync(executable);

        await browser.NavigateAsync(new Uri(host.Server.Url, "/study?name=function"));
        Assert.True(await browser.WaitForAsync("document.getElementById('summary').textContent.includes('6 trials')" +
                                               " && !document.getElementById('importance-none').hidden", Patience),
            "the study page never showed the 6 stored trials");
        Assert.Equal("trial,device,worker,running for,heartbeat,parameters",
            (string?)await browser.EvaluateAsync("[...document.querySelectorAll('#running th')].map(th => th.textContent).join(',')"));

        Assert.Equal("No trial has reported a step yet (an intermediate value, such as the loss after an epoch), so there are no learning curves.",
            (string?)await browser.EvaluateAsync("document.getElementById('intermediate-none').textContent"));
        Assert.Equal("With one parameter (x) there is nothing to rank.", (string?)await browser.EvaluateAsync("document.getElementById('importance-none').textContent"));
        Assert.Equal("A contour and a rank plot need two parameters; this study has 1.", (string?)await browser.EvaluateAsync("document.getElementById('pair-none').textContent"));
        foreach (var chart in new[] { "intermediate", "importance", "pair" })
            Assert.Equal(0, (int)(await browser.EvaluateAsync($"document.getElementById('{chart}').offsetHeight"))!);
        Assert.Equal(0, (int)(await browser.EvaluateAsync("document.querySelectorAll('#intermediate canvas, #importance canvas').length"))!);
        Assert.Empty(browser.Errors);
    }

    [SkippableFact]
    public async Task AStudyThatDeclaresBaselinesShowsTheStoredOnesInItsHeader()
    {
        var executable = Requires.Chromium();
        using var storage = new InMemoryStorage();
        storage.CreateStudy("declared", Direction.Maximize);
        new StudyDeclarations
        {
            Metrics = [new("accuracy", "hold-out accuracy", Direction.Maximize)],
            Baselines = [new("majority", "majority class", "hold-out", "accuracy"), new("stump", "decision stump", "hold-out", "accuracy")],
        }.Store(Study.Load("declared", new StudyOptions { Storage = storage }));
        storage.SetStudyUserAttr("declared", "majority", 0.6);
        var trial = storage.CreateTrial("declared", TrialState.Running);
        storage.SetTrialParam(trial.Id, "x", 0.5, new FloatDistribution(0, 1));
        storage.FinishTrial(trial.Id, TrialState.Complete, 0.7, null);
        await using var host = await DashboardHost.StartAsync(storage, pollMilliseconds: 500);
        await using var browser = await HeadlessChromium.StartAsync(executable);

        await browser.NavigateAsync(new Uri(host.Server.Url, "/study?name=declared"));

        // The stump's value is not stored yet: only the majority class is shown.
        Assert.True(await browser.WaitForAsync("document.getElementById('baselines').textContent === 'baselines: majority class 0.6 (hold-out)'", Patience),
            $"the header showed '{await browser.EvaluateAsync("document.getElementById('baselines').textContent")}'");
        Assert.Empty(browser.Errors);
    }

    [SkippableFact]
    public async Task AStudyWithRepeatsShowsItsConfirmedMeansAndEachTrialsConfigurationWithItsMean()
    {
        var executable = Requires.Chromium();
        using var storage = new InMemoryStorage();
        RepeatedStudy.Add(storage, "repeated");
        storage.CreateStudy("single", Direction.Minimize);
        SyntheticStudy.AddFinished(storage, "single", 3);
        await using var host = await DashboardHost.StartAsync(storage, pollMilliseconds: 500);
        await using var browser = await HeadlessChromium.StartAsync(executable);

        await browser.NavigateAsync(new Uri(host.Server.Url, "/study?name=repeated"));
        Assert.True(await browser.WaitForAsync("!document.getElementById('confirmed-card').hidden && document.querySelectorAll('#trials tr').length === 8", Patience),
            "the study page never showed its confirmed configurations and 7 trials");

        Assert.Equal("#0|3|2|-0.484138 to 4.48414;#1|3|5|2.51586 to 7.48414;global mean (validation)|3|2.2|1.95159 to 2.44841",
            (string?)await browser.EvaluateAsync("[...document.querySelectorAll('#confirmed tr')].slice(1).map(tr => [...tr.cells].map(td => td.textContent).join('|')).join(';')"));
        Assert.Equal("Winner: #0, better than #1 by Welch's test at 5%.", (string?)await browser.EvaluateAsync("document.getElementById('confirmed-verdict').textContent"));
        // Newest first by default: trial 6 is #1's second repeat, whose configuration's mean is 5 over 3 runs.
        Assert.Equal("6|#1 · repeat 2|5 (3)", (string?)await browser.EvaluateAsync(
            "[...document.querySelectorAll('#trials tr')[1].cells].filter((_, i) => i === 0 || i === 3 || i === 4).map(td => td.textContent).join('|')"));

        await browser.EvaluateAsync("document.querySelector('#trials th[data-sort=\"configuration\"]').click()");
        Assert.True(await browser.WaitForAsync(
            "[...document.querySelectorAll('#trials tr')].slice(1).map(tr => tr.cells[0].textContent).join(',') === '0,3,4,1,5,6,2'", Patience),
            $"sorting by configuration gave '{await browser.EvaluateAsync("[...document.querySelectorAll('#trials tr')].slice(1).map(tr => tr.cells[0].textContent).join(',')")}'");

        await browser.NavigateAsync(new Uri(host.Server.Url, "/study?name=single"));
        Assert.True(await browser.WaitForAsync("document.querySelectorAll('#trials tr').length === 4", Patience), "the study without repeats never showed its 3 trials");
        Assert.True((bool)(await browser.EvaluateAsync("document.getElementById('confirmed-card').hidden"))!);
        Assert.Equal("trial,state,value,seed,duration,started (UTC),device,lr,layers,optimizer",
            (string?)await browser.EvaluateAsync("[...document.querySelectorAll('#trials th')].map(th => th.textContent.replace(/ [▲▼]$/, '')).join(',')"));
        Assert.Empty(browser.Errors);
    }

    [SkippableFact]
    public async Task AStudyThatReportsStepsDrawsItsLearningCurvesImportanceAndContourWithoutTheLines()
    {
        var executable = Requires.Chromium();
        using var storage = new InMemoryStorage();
        storage.CreateStudy("curves", Direction.Minimize);
        SyntheticStudy.AddFinished(storage, "curves", 30);
        var running = SyntheticStudy.Start(storage, "curves", device: "cpu");
        storage.SetTrialIntermediateValue(running.Id, 0, 3);
        await using var host = await DashboardHost.StartAsync(storage, pollMilliseconds: 500);
        await using var browser = await HeadlessChromium.StartAsync(executable);

        await browser.NavigateAsync(new Uri(host.Server.Url, "/study?name=curves"));
        var drawn = await browser.WaitForAsync(
            "['intermediate', 'importance', 'contour', 'rank'].every(id => document.querySelector('#' + id + ' canvas'))", Patience);

        Assert.True(drawn, "the learning curves, importance, contour and rank charts were not all drawn");
        Assert.StartsWith("trial,step,last value,",
            (string?)await browser.EvaluateAsync("[...document.querySelectorAll('#running th')].map(th => th.textContent).join(',')"));
        // The running trial's row, read from the trial JSON: its step, value, device (a user attribute) and worker.
        var row = (string?)await browser.EvaluateAsync("[...document.querySelectorAll('#running tr')[1].cells].map(td => td.textContent).join('|')");
        Assert.StartsWith($"{running.Number}|0|3|cpu|test-host:42|", row);
        Assert.Contains("optimizer=", row);
        Assert.Equal(true, (bool?)await browser.EvaluateAsync("['intermediate-none', 'importance-none', 'pair-none', 'parallel-none'].every(id => document.getElementById(id).hidden)"));
        Assert.Empty(browser.Errors);
    }
}
