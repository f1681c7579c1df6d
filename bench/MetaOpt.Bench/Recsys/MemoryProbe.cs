using System.CommandLine;
using System.Diagnostics;
using MetaOpt.Recommender;
using MetaOpt.Studies.Recommender;

namespace MetaOpt.Bench.Recsys;

/// <summary>The <c>recsys memory</c> verb: many training runs in one process, resident memory after each, to show
/// that a long study's memory stays flat (every run's tensors live in its dispose scope).</summary>
internal static class MemoryProbe
{
    public static Command Command()
    {
        var options = new TrainingOptions();
        var runs = new Option<int>("--runs") { Description = "Training runs in this process", DefaultValueFactory = _ => 50 };
        var command = new Command("memory", "Resident memory across many training runs in one process") { runs };
        options.AddTo(command);
        command.SetAction(result =>
        {
            var config = options.Bind(result);
            int count = result.GetValue(runs);
            if (count < 2) throw new ArgumentException($"--runs must be at least 2, got {count}.");
            var tasks = TrainingOptions.Tasks(config);
            var rss = new List<double>();
            for (int run = 0; run < count; run++)
            {
                RecommenderTrainer.Train(tasks, config with { Seed = config.Seed + run });
                // Managed garbage does not hold native tensors (scopes freed them); collecting makes the
                // managed heap comparable between runs.
                GC.Collect();
                GC.WaitForPendingFinalizers();
                rss.Add(ResidentMiB());
                Console.WriteLine($"run {run + 1,3}: RSS {rss[^1]:F1} MiB");
            }
            int tenth = Math.Max(1, count / 10);
            Console.WriteLine(
                $"RSS after run 1: {rss[0]:F1} MiB; mean of runs {tenth + 1}-{2 * tenth}: {rss.Skip(tenth).Take(tenth).Average():F1} MiB; " +
                $"mean of the last {tenth}: {rss.TakeLast(tenth).Average():F1} MiB; max {rss.Max():F1} MiB");
            return 0;
        });
        return command;
    }

    private static double ResidentMiB()
    {
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        return self.WorkingSet64 / (1024.0 * 1024.0);
    }
}
