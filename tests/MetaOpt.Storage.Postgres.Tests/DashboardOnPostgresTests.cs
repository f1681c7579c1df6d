using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace MetaOpt.Storage.Postgres.Tests;

/// <summary><c>metaopt dashboard</c> on a PostgreSQL study while worker processes run it: live counts, no password shown.</summary>
[Collection(PostgresCollection.Name)]
public sealed partial class DashboardOnPostgresTests
{
    private const string Study = "functions-branin";
    private const string Password = "s3cret-pw";

    [SkippableFact]
    public async Task TheDashboardServesAStudyThatWorkersAreRunningAndNeverPrintsThePassword()
    {
        var url = PostgresServer.Require().NewDatabase();
        // The test server trusts loopback logins, so any password is accepted: what matters is where it shows.
        var withPassword = url.Replace("postgres@", $"postgres:{Password}@", StringComparison.Ordinal);
        // The dashboard first, on a database without a study yet: it must see the study appear and grow.
        using var dashboard = StartDashboard(withPassword);
        var banner = await dashboard.StandardOutput.ReadLineAsync() ?? "";
        using var fleet = new WorkerFleet(url, Study, trials: 200);
        fleet.Start();
        Assert.DoesNotContain(Password, banner);
        Assert.Contains("postgres:***@127.0.0.1", banner);
        using var client = new HttpClient { BaseAddress = new Uri(DashboardUrl().Match(banner).Value) };

        // While the workers run: every answer adds up, and the study grows between answers. The other three workers
        // start once the dashboard has answered, so that it sees the study before the fleet can finish it.
        var seen = new List<int>();
        while (seen.Count < 3 || seen[^1] == seen[0])
        {
            if (seen.Count == 1 && fleet.Workers.Count == 1)
            {
                for (var i = 0; i < 3; i++)
                    fleet.Start();
            }
            if (await StudyRow(client) is { } row)
            {
                var counts = row["counts"]!.AsObject().Sum(c => (int)c.Value!);
                Assert.Equal((int)row["total"]!, counts);
                seen.Add((int)row["total"]!);
                using var page = await client.GetAsync($"/api/studies/{Study}/trials?sort=number&order=desc&limit=5");
                Assert.True(page.IsSuccessStatusCode, $"trials page: {(int)page.StatusCode}");
            }
            if (fleet.Workers.All(w => w.HasExited))
                break;
            await Task.Delay(100);
        }
        fleet.WaitAll(TimeSpan.FromMinutes(3));

        // The dashboard answers from a snapshot up to half a second old, so the last trials show up shortly after.
        var final = (await StudyRow(client))!;
        for (var deadline = DateTime.UtcNow.AddSeconds(30); (int)final["total"]! < 200 && DateTime.UtcNow < deadline;)
        {
            await Task.Delay(200);
            final = (await StudyRow(client))!;
        }
        Assert.Equal(200, (int)final["total"]!);
        Assert.Equal(200, (int)final["counts"]!["complete"]!);
        Assert.True(seen[0] < 200, $"the dashboard first saw the study finished: {string.Join(", ", seen)}");

        using (var stop = Process.Start("kill", ["-TERM", dashboard.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await stop.WaitForExitAsync();
        Assert.True(dashboard.WaitForExit(30_000), "the dashboard did not stop on SIGTERM");
        Assert.DoesNotContain(Password, await dashboard.StandardOutput.ReadToEndAsync() + await dashboard.StandardError.ReadToEndAsync());
    }

    [SkippableFact]
    public async Task WhileTheDatabaseIsDownTheApiAnswers503WithAJsonErrorAndRecoversAfter()
    {
        var server = PostgresServer.Require().RequireControl();
        var url = server.NewDatabase();
        using (var storage = new PostgresStorage(url))
            storage.CreateStudy(Study, Direction.Minimize);
        using var dashboard = StartDashboard(url.Replace("postgres@", $"postgres:{Password}@", StringComparison.Ordinal));
        using var client = new HttpClient { BaseAddress = new Uri(DashboardUrl().Match(await dashboard.StandardOutput.ReadLineAsync() ?? "").Value) };
        using (var up = await client.GetAsync($"/api/studies/{Study}"))
            Assert.Equal(HttpStatusCode.OK, up.StatusCode);

        server.Stop();
        try
        {
            using var down = await client.GetAsync($"/api/studies/{Study}");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
            Assert.Equal("application/json", down.Content.Headers.ContentType?.MediaType);
            var error = (string)JsonNode.Parse(await down.Content.ReadAsStringAsync())!["error"]!;
            Assert.Equal("the storage did not answer within 5 s; it may be down or restarting: this page tries again", error);
        }
        finally
        {
            server.Restart();
        }

        // The read left waiting ends at its next attempt, within its 2 s pause; the next request reads again.
        var status = HttpStatusCode.ServiceUnavailable;
        for (var deadline = DateTime.UtcNow.AddMinutes(1); status != HttpStatusCode.OK && DateTime.UtcNow < deadline; await Task.Delay(200))
        {
            using var again = await client.GetAsync($"/api/studies/{Study}");
            status = again.StatusCode;
        }
        Assert.Equal(HttpStatusCode.OK, status);
        dashboard.Kill();
        await dashboard.WaitForExitAsync();
        // The dashboard said it was waiting for the database, naming it without its password.
        var said = await dashboard.StandardError.ReadToEndAsync();
        Assert.Contains($"metaopt: waiting for the PostgreSQL database '{new Uri(url).AbsolutePath.TrimStart('/')}' at 127.0.0.1:", said);
        Assert.DoesNotContain(Password, said);
    }

    private static Process StartDashboard(string url)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "MetaOpt.Launcher"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "dashboard", "--storage", url, "--port", "0" })
            start.ArgumentList.Add(argument);
        return Process.Start(start)!;
    }

    private static async Task<JsonNode?> StudyRow(HttpClient client)
    {
        var studies = JsonNode.Parse(await client.GetStringAsync("/api/studies"))!.AsArray();
        return studies.SingleOrDefault(s => (string)s!["name"]! == Study);
    }

    [GeneratedRegex(@"http://\S+")]
    private static partial Regex DashboardUrl();
}
