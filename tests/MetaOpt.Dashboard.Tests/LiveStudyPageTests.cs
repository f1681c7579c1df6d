using MetaOpt.TestSupport;

namespace MetaOpt.Dashboard.Tests;

/// <summary>The study page in a real browser while the study runs: new trials appear without a reload, with no errors.</summary>
public sealed class LiveStudyPageTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [SkippableFact]
    public async Task ANewTrialAppearsWithoutAReloadAndTheConsoleStaysClean()
    {
        var executable = Requires.Chromium();
        using var storage = new InMemoryStorage();
        storage.CreateStudy("live", Direction.Minimize);
        SyntheticStudy.AddFinished(storage, "live", 60);
        await using var host = await DashboardHost.StartAsync(storage, pollMilliseconds: 500);
        await using var browser = await HeadlessChromium.StartAsync(executable);

        await browser.NavigateAsync(new Uri(host.Server.Url, "/study?name=live"));
        Assert.True(await browser.WaitForAsync("document.getElementById('summary').textContent.includes('60 trials')", Patience),
            "the study page never showed the 60 stored trials");
        // A reload would drop this marker: the page must update in place.
        await browser.EvaluateAsync("window.notReloaded = true");

        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            // Like a running study: a trial starts on a device, reports, then completes, while the page polls.
            while (!stop.IsCancellationRequested)
            {
                var trial = SyntheticStudy.Start(storage, "live", device: "cuda:0");
                storage.SetTrialIntermediateValue(trial.Id, 0, 5);
                await Task.Delay(150);
                storage.FinishTrial(trial.Id, TrialState.Complete, 0.25, null);
                await Task.Delay(150);
            }
        });
        var appeared = await browser.WaitForAsync(
            "[...document.querySelectorAll('#trials td:first-child')].some(td => td.textContent === '60')" +
            " && document.getElementById('summary').textContent.includes('best 0.25')", Patience);
        await stop.CancelAsync();
        await writer;
        var notReloaded = await browser.EvaluateAsync("window.notReloaded === true");
        var charts = await browser.EvaluateAsync("document.querySelectorAll('#history canvas, #timeline canvas, #parallel canvas').length");

        Assert.True(appeared, "trial 60 never appeared in the trial table, or its value never became the best");
        Assert.True((bool)notReloaded!, "the page reloaded instead of updating in place");
        Assert.True((int)charts! >= 3, "the history, timeline and parallel-coordinates charts were not drawn");
        Assert.Empty(browser.Errors);
    }
}
