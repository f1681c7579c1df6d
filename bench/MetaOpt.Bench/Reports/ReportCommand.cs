using System.CommandLine;
using System.Diagnostics;

namespace MetaOpt.Bench.Reports;

/// <summary>
/// The <c>report</c> verb: writes the standard report of a synthetic study of <c>--trials</c> trials and prints the
/// time it took and the size of the page, the numbers docs/reports.md records (the goal: 10 000 trials in 5 s, 2 MB).
/// </summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var trials = new Option<int>("--trials") { Description = "Trials in the synthetic study", DefaultValueFactory = _ => 10_000 };
        var repeats = new Option<int>("--repeats") { Description = "Reports written after one warm-up; the table shows each", DefaultValueFactory = _ => 3 };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Keep the last report in this folder (a temporary one otherwise)" };
        var profile = new Option<bool>("--profile") { Description = "Also print the time of the importance and of each figure's drawing and rendering" };
        var command = new Command("report", "Time and size of the static report of a large synthetic study") { trials, repeats, output, profile };
        command.SetAction(result => Run(result.GetValue(trials), result.GetValue(repeats), result.GetValue(output), result.GetValue(profile)));
        return command;
    }

    private static int Run(int trials, int repeats, DirectoryInfo? output, bool profile)
    {
        if (trials < 1 || repeats < 1)
            throw new ArgumentException($"--trials and --repeats must be at least 1, got {trials} and {repeats}.");
        var study = LargeStudy.Create(trials, seed: 0);
        var folder = output?.FullName ?? Path.Combine(Path.GetTempPath(), $"metaopt-bench-report-{Environment.ProcessId}");
        try
        {
            // The warm-up pays the JIT and ScottPlot's font loading once, as a long-running launcher would not.
            Write(study, folder);
            Console.WriteLine($"{"run",-4} {"trials",7} {"seconds",8} {"report.html MB",15} {"folder MB",10}");
            for (var run = 1; run <= repeats; run++)
            {
                var watch = Stopwatch.StartNew();
                var files = Write(study, folder);
                watch.Stop();
                var page = new FileInfo(files.HtmlPath).Length / 1e6;
                var all = Directory.EnumerateFiles(folder).Sum(f => new FileInfo(f).Length) / 1e6;
                Console.WriteLine($"{run,-4} {trials,7} {watch.Elapsed.TotalSeconds,8:0.00} {page,15:0.00} {all,10:0.00}");
            }
            if (profile)
                Profile(study);
        }
        finally
        {
            if (output is null && Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
        return 0;
    }

    /// <summary>Where the time goes: the importance, then each figure's drawing and its PNG rendering.</summary>
    private static void Profile(StudySnapshot study)
    {
        var report = new StudyReport(study);
        var watch = Stopwatch.StartNew();
        _ = report.Importance;
        Console.WriteLine($"importance {watch.Elapsed.TotalSeconds:0.00} s");
        var before = 0;
        foreach (var add in new Action[]
                 {
                     () => report.Add.OptimizationHistory(), () => report.Add.IntermediateValues(), () => report.Add.EmpiricalDistribution(),
                     () => report.Add.Timeline(), () => report.Add.ParameterImportance(), () => report.Add.Contour(), () => report.Add.Rank(),
                     () => report.Add.ParallelCoordinates(), () => report.Add.Slices(),
                 })
        {
            watch.Restart();
            add();
            var drawing = watch.Elapsed.TotalSeconds;
            foreach (var figure in report.Figures.Skip(before))
            {
                watch.Restart();
                var png = figure.Plot.GetImageBytes(report.Options.Width, report.Options.Height, ScottPlot.ImageFormat.Png);
                Console.WriteLine($"{figure.FileName,-24} draw {drawing,6:0.00} s  render {watch.Elapsed.TotalSeconds,6:0.00} s  {png.Length / 1e3,7:0} kB");
                drawing = 0;
            }
            before = report.Figures.Count;
        }
    }

    private static ReportFiles Write(StudySnapshot study, string folder)
    {
        var report = new StudyReport(study);
        report.Add.All();
        return report.Write(folder);
    }
}
