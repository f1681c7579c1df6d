using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace MetaOpt.FaultInjection.Tests;

/// <summary>
/// <c>kill -9</c> at seeded random moments (start-up, baselines, trials, report write), resuming with the same command
/// each time: no finished trial lost or changed, numbers without gaps, every killed configuration evaluated again.
/// </summary>
public sealed partial class KillTests(ITestOutputHelper output)
{
    /// <summary>The core's retry limit for a trial whose process died (StudyOptions.MaxRetries).</summary>
    private const int MaxRetries = 2;

    /// <summary>
    /// One campaign per study. The plan is one letter per kill: S start-up, B baselines, T a trial, R the report write.
    /// </summary>
    [Theory]
    // A one-epoch trial of the generated study takes a tenth of a second on a fast machine: 60 of them leave every
    // resumed run some to kill.
    [InlineData("synthetic-cold-start", 60, "SBBTTTTTRR", 11, new[] { "--epochs", "1" })]
    // Enough Branin trials that a resumed run still has some to run when the kill comes: a 40-trial run ended
    // within the pause before the kill once TPE got faster.
    // TPE, not the default auto sampler: its GP would make 400 trials take minutes, and the point is the kills.
    [InlineData("functions-branin", 400, "SSTTTTTTTTTTTTRR", 7, new[] { "--sampler", "tpe" })]
    public void Kill9AtRandomMomentsLosesNothing(string study, int trials, string plan, int seed, string[] extra)
    {
        using var directory = new WorkDirectory();
        string[] command = ["run", study, "--trials", trials.ToString(CultureInfo.InvariantCulture), "--storage", "s.db", "--report", "report", "--seed", "0", .. extra];
        var random = new Random(seed);
        var completed = new Dictionary<int, double?>();
        var killed = new List<ExportedTrial>();
        var landed = new Dictionary<char, int>();
        foreach (var moment in plan)
            // A report kill may miss on a fast machine (the write takes half a second): it tries again inside the
            // write's measured length.
            for (var attempt = 0; attempt < (moment == 'R' ? 3 : 1); attempt++)
            {
                using var child = LauncherChild.Start(directory.Path, command);
                if (!AwaitMoment(child, moment, random, study))
                {
                    output.WriteLine($"{moment}: the run ended before the kill: {child.WaitForExit()}");
                    continue;
                }
                var alive = !child.HasExited;
                child.Signal(Signals.Kill);
                var outcome = child.WaitForExit();
                var hit = alive && outcome.ExitCode == 128 + Signals.Kill;
                if (hit)
                    landed[moment] = landed.GetValueOrDefault(moment) + 1;
                else
                {
                    output.WriteLine($"{moment}: missed, {outcome}");
                    if (moment == 'R')
                        reportWrite = Stopwatch.GetElapsedTime(momentSeen);
                }
                Assert.True(ReportFolder.Problem(directory.File("report")) is null, $"after a kill at {moment}: {ReportFolder.Problem(directory.File("report"))}");
                var snapshot = Exporter.TrialsIfStored(directory.Path, study, "s.db");
                AssertNothingLost(completed, snapshot, $"after the kill at {moment}");
                foreach (var trial in snapshot.Where(t => t.State == "Complete"))
                    completed[trial.Number] = trial.Value;
                killed.AddRange(snapshot.Where(t => t.State == "Running" && killed.All(k => k.Number != t.Number)));
                if (hit)
                    break;
            }

        var final = LauncherChild.Run(directory.Path, command);
        Assert.True(final.ExitCode == 0, $"the resumed run failed: {final}");
        var all = Exporter.Trials(directory.Path, study, "s.db");
        var kills = landed.Values.Sum();
        output.WriteLine($"{study}: kills survived {kills} ({string.Join(", ", landed.Select(kv => $"{kv.Key} {kv.Value}"))}), " +
                         $"trials lost {completed.Keys.Count(n => all.All(t => t.Number != n || t.Value != completed[n]))}, " +
                         $"{all.Count} trials stored, {killed.Count} seen running after a kill");

        foreach (var kind in plan.Distinct())
            Assert.True(landed.GetValueOrDefault(kind) > 0, $"no kill landed at moment {kind}");
        AssertNothingLost(completed, all, "at the end");
        Assert.Equal(Enumerable.Range(0, all.Count), all.Select(t => t.Number));
        Assert.DoesNotContain(all, t => t.State is "Running" or "Waiting");
        Assert.Equal(trials, ExportedTrial.Finished(all).Count);
        foreach (var trial in killed.Concat(all.Where(t => t.State == "Failed")).DistinctBy(t => t.Number))
        {
            var depth = ExportedTrial.RetryDepth(all.Single(t => t.Number == trial.Number), all);
            var retries = ExportedTrial.RetriesOf(trial, all).ToList();
            Assert.True(depth >= MaxRetries || retries.Count == 1,
                $"trial {trial.Number} ({trial.Params}), killed after {depth} retries, has {retries.Count} retries instead of one");
            // The retry repeats the parameters the killed trial had drawn (a kill mid-suggestion leaves only some).
            if (retries.Count == 1 && retries[0].State is "Complete" or "Pruned")
                Assert.True(ExportedTrial.ParamsContain(retries[0].Params, trial.Params),
                    $"retry {retries[0].Number} ({retries[0].Params}) does not repeat trial {trial.Number} ({trial.Params})");
        }
        Assert.All(all, t => Assert.True(ExportedTrial.RetryDepth(t, all) <= MaxRetries, $"trial {t.Number} is retry number {ExportedTrial.RetryDepth(t, all)}"));
        Assert.True(File.Exists(directory.File("report/report.html")), "the finished run wrote no report");
        Assert.Null(ReportFolder.Problem(directory.File("report")));
    }

    /// <summary>When the line a report kill waits for was seen, and how long the last missed report write took.</summary>
    private long momentSeen;
    private TimeSpan? reportWrite;

    /// <summary>Waits until the moment to kill at; false when the run ended first.</summary>
    private bool AwaitMoment(LauncherChild child, char moment, Random random, string study)
    {
        switch (moment)
        {
            case 'S':
                Thread.Sleep(random.Next(50, 700));
                return true;
            case 'B':
                if (child.WaitForLine(line => line.StartsWith("Data:", StringComparison.Ordinal)) is null)
                    return false;
                Thread.Sleep(random.Next(50, 600));
                return true;
            case 'T':
                for (var skip = random.Next(0, 2); skip >= 0; skip--)
                    if (child.WaitForLine(line => TrialStarted().IsMatch(line)) is null)
                        return false;
                Thread.Sleep(random.Next(0, study.StartsWith("functions-", StringComparison.Ordinal) ? 20 : 300));
                return true;
            case 'R':
                // The summary's last line comes just before the report is written.
                if (child.WaitForLine(line => line.StartsWith("Best value", StringComparison.Ordinal)) is null)
                    return false;
                momentSeen = Stopwatch.GetTimestamp();
                Thread.Sleep(reportWrite is { } write ? (int)(write.TotalMilliseconds * (0.1 + 0.5 * random.NextDouble())) : random.Next(0, 1500));
                return true;
            default:
                throw new ArgumentOutOfRangeException(nameof(moment), moment, "plan letters are S, B, T and R");
        }
    }

    private static void AssertNothingLost(Dictionary<int, double?> completed, IReadOnlyList<ExportedTrial> trials, string when)
    {
        foreach (var (number, value) in completed)
        {
            var trial = trials.SingleOrDefault(t => t.Number == number);
            Assert.True(trial is { State: "Complete" } && trial.Value == value,
                $"{when}: trial {number}, completed with {value} before a kill, is now {trial?.State ?? "gone"} with {trial?.Value}");
        }
    }

    [GeneratedRegex(@"^trial \d+ started")]
    private static partial Regex TrialStarted();
}
