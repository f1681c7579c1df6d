using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace MetaOpt.Bench.Recsys;

/// <summary>
/// The <c>recsys compare</c> verb: for each algorithm, thread count and seed, runs the PyTorch twin and then this
/// project's <c>recsys run</c> as separate processes, one at a time and back to back, so both see the same machine
/// load; prints a Markdown table of seconds per meta-batch (ratio ours / PyTorch) and meta-test MAE averaged over seeds.
/// </summary>
internal static class PeerComparison
{
    public static Command Command()
    {
        var data = new Option<string>("--data") { DefaultValueFactory = _ => "/work/shared/data/ml-100k" };
        var algos = new Option<string>("--algos") { DefaultValueFactory = _ => "maml,fomaml,reptile" };
        var threads = new Option<string>("--threads") { DefaultValueFactory = _ => "1,2" };
        var seeds = new Option<string>("--seeds") { DefaultValueFactory = _ => "0,1,2" };
        var epochs = new Option<int>("--epochs") { DefaultValueFactory = _ => 5 };
        var extra = new Option<string>("--extra") { Description = "More options passed to both sides, e.g. \"--inner-steps 5\"", DefaultValueFactory = _ => "" };
        var peer = new Option<string>("--peer") { DefaultValueFactory = _ => "/work/shared/peers/pytorch_melu.py" };
        var python = new Option<string>("--python") { DefaultValueFactory = _ => "/usr/bin/python3" };
        var jsonl = new Option<FileInfo?>("--jsonl") { Description = "Also append every run's JSON line to this file" };
        var command = new Command("compare", "PyTorch twin vs ours, back to back: speed and quality")
        {
            data, algos, threads, seeds, epochs, extra, peer, python, jsonl,
        };
        command.SetAction(result =>
        {
            var rows = new List<Row>();
            using var log = result.GetValue(jsonl) is { } file ? new StreamWriter(file.FullName, append: true) : null;
            Console.WriteLine($"load before: {LoadAverage()}");
            foreach (var algo in Split(result.GetValue(algos)!))
                foreach (var threadCount in Split(result.GetValue(threads)!))
                {
                    var row = new Row(algo, threadCount);
                    foreach (var seed in Split(result.GetValue(seeds)!))
                    {
                        var common = $"--data {result.GetValue(data)} --algo {algo} --epochs {result.GetValue(epochs)} --seed {seed} --threads {threadCount} {result.GetValue(extra)}".Trim();
                        var theirs = Execute(result.GetValue(python)!, $"{result.GetValue(peer)} {common}", log);
                        var ours = Execute(Environment.ProcessPath!, $"{OwnAssemblyArgument()}recsys run {common}", log);
                        row.Add(theirs, ours);
                    }
                    rows.Add(row);
                    Console.Error.WriteLine(row.Format());
                }
            Console.WriteLine($"load after: {LoadAverage()}");
            Console.WriteLine(Row.Header);
            foreach (var row in rows) Console.WriteLine(row.Format());
            return 0;
        });
        return command;
    }

    // Started as `dotnet MetaOpt.Bench.dll`, the process is the dotnet host, which needs the assembly named again.
    private static string OwnAssemblyArgument() =>
        Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? $"\"{typeof(PeerComparison).Assembly.Location}\" " : "";

    private static JsonElement Execute(string program, string arguments, StreamWriter? log)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.StartsWith('{'));
        if (process.ExitCode != 0 || line is null)
            throw new InvalidOperationException($"'{program} {arguments}' failed (exit {process.ExitCode}): {errors.Result}");
        log?.WriteLine(line);
        log?.Flush();
        return JsonDocument.Parse(line).RootElement.Clone();
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown";

    private static string[] Split(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private sealed class Row(string algo, string threads)
    {
        private readonly List<(double Seconds, double Mae, double Finetuned)> _theirs = [];
        private readonly List<(double Seconds, double Mae, double Finetuned)> _ours = [];

        public static string Header =>
            "| algo | threads | seeds | PyTorch ms/meta-batch | ours ms/meta-batch | ratio | PyTorch meta-test MAE | ours meta-test MAE | Δ MAE | PyTorch global fine-tuned MAE | ours global fine-tuned MAE |\n" +
            "|---|---|---|---|---|---|---|---|---|---|---|";

        public void Add(JsonElement theirs, JsonElement ours)
        {
            _theirs.Add(Figures(theirs));
            _ours.Add(Figures(ours));
        }

        // Speed: the median over seeds of each run's median meta-batch time; quality: the mean over seeds.
        public string Format()
        {
            double theirMs = Median(_theirs.Select(f => f.Seconds)) * 1000, ourMs = Median(_ours.Select(f => f.Seconds)) * 1000;
            double theirMae = _theirs.Average(f => f.Mae), ourMae = _ours.Average(f => f.Mae);
            return string.Create(CultureInfo.InvariantCulture,
                $"| {algo} | {threads} | {_ours.Count} | {theirMs:F1} | {ourMs:F1} | {ourMs / theirMs:F2} | {theirMae:F4} | {ourMae:F4} | {ourMae - theirMae:+0.0000;-0.0000} | {_theirs.Average(f => f.Finetuned):F4} | {_ours.Average(f => f.Finetuned):F4} |");
        }

        private static (double, double, double) Figures(JsonElement run) => (
            run.GetProperty("sec_per_meta_batch_median").GetDouble(),
            run.GetProperty("meta_test").GetProperty("mae").GetDouble(),
            run.GetProperty("global_finetuned").GetProperty("mae").GetDouble());

        private static double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            return sorted[sorted.Length / 2];
        }
    }
}
