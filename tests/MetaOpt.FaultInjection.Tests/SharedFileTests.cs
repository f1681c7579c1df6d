using System.Globalization;
using System.Text.Json.Nodes;

namespace MetaOpt.FaultInjection.Tests;

/// <summary>
/// One LiteDB file used by several launcher processes at once, as a user watching an ask/tell study does: a
/// dashboard, <c>list</c> and the short <c>ask</c> and <c>tell</c> calls take turns, none refused.
/// </summary>
public sealed class SharedFileTests
{
    private const string Space = """{"x": {"type": "float", "low": 0, "high": 1}}""";
    private const int Trials = 6;

    [Fact]
    public void AskAndTellSucceedWhileADashboardWatchesTheFileAndItShowsEveryTrial()
    {
        using var directory = new WorkDirectory();
        File.WriteAllText(directory.File("space.json"), Space);
        AskAndTell(directory.Path, 0);
        using var dashboard = LauncherChild.Start(directory.Path, ["dashboard", "--port", "0"]);
        var banner = dashboard.WaitForLine(line => line.StartsWith("Dashboard of", StringComparison.Ordinal));
        Assert.True(banner is not null, $"the dashboard did not start: {dashboard.SoFar()}");
        var url = new Uri(banner.Split(" at ")[1].Split(' ')[0]);
        using var http = new HttpClient { BaseAddress = url, Timeout = LauncherChild.Patience };

        // The page polls all the while, as a browser does while the script loops.
        var looping = true;
        var polls = Task.Run(() =>
        {
            var statuses = new List<int>();
            while (Volatile.Read(ref looping))
                statuses.Add((int)http.GetAsync("api/studies/cc").Result.StatusCode);
            return statuses;
        });
        for (var told = 1; told < Trials; told++)
            AskAndTell(directory.Path, told);
        Volatile.Write(ref looping, false);

        Assert.All(polls.Result, status => Assert.Equal(200, status));

        Assert.False(dashboard.HasExited, $"the dashboard ended: {dashboard.SoFar()}");
        var complete = 0;
        for (var poll = 0; poll < 100 && complete < Trials; poll++)
        {
            Thread.Sleep(100);
            var study = JsonNode.Parse(http.GetStringAsync("api/studies/cc").Result)!;
            complete = study["counts"]!["complete"]!.GetValue<int>();
        }
        Assert.Equal(Trials, complete);
    }

    [Fact]
    public void ListIsNeverRefusedWhileAskLoops()
    {
        using var directory = new WorkDirectory();
        File.WriteAllText(directory.File("space.json"), Space);
        AskAndTell(directory.Path, 0);
        var asks = Task.Run(() =>
        {
            for (var number = 1; number < Trials; number++)
                AskAndTell(directory.Path, number);
        });

        var lists = new List<LauncherOutcome>();
        while (!asks.IsCompleted || lists.Count == 0)
            lists.Add(LauncherChild.Run(directory.Path, ["list"]));

        asks.Wait();
        Assert.All(lists, list => Assert.True(list.ExitCode == 0, $"list was refused while ask looped: {list}"));
        Assert.Contains("cc", LauncherChild.Run(directory.Path, ["list"]).Output);
    }

    /// <summary>Asks for trial <paramref name="number"/> and tells its value, each a launcher process that must succeed.</summary>
    private static void AskAndTell(string directory, int number)
    {
        var ask = LauncherChild.Run(directory, ["ask", "cc", "--search-space", "space.json"]);
        Assert.True(ask.ExitCode == 0, $"ask failed: {ask}");
        Assert.StartsWith($"trial={number}", ask.Output, StringComparison.Ordinal);
        var tell = LauncherChild.Run(directory, ["tell", "cc", number.ToString(CultureInfo.InvariantCulture), "--value", "0.5"]);
        Assert.True(tell.ExitCode == 0, $"tell failed: {tell}");
    }
}
