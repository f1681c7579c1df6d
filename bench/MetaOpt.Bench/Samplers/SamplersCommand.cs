using System.CommandLine;
using System.Text.Json;
using MetaOpt.Bench.Functions;
using MetaOpt.Studies;

namespace MetaOpt.Bench.Samplers;

/// <summary>
/// The <c>samplers</c> verb: every sampler on every function for seeds 0..n-1, printed as the peer's table
/// (and optionally the peer's JSON lines), so the two can be compared side by side.
/// </summary>
internal static class SamplersCommand
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static Command Create()
    {
        var samplers = new Option<string>("--samplers") { Description = $"Comma-separated: {string.Join(", ", SamplerRegistry.Names.Names)}", DefaultValueFactory = _ => "random,tpe" };
        var functions = new Option<string>("--functions") { Description = "Comma-separated function names", DefaultValueFactory = _ => string.Join(",", BenchmarkFunctions.All.Select(f => f.Name)) };
        var seeds = new Option<int>("--seeds") { Description = "Seeds 0..n-1 per function and sampler", DefaultValueFactory = _ => 20 };
        var trials = new Option<int>("--trials") { Description = "Trials per run", DefaultValueFactory = _ => 100 };
        var jsonl = new Option<FileInfo?>("--jsonl") { Description = "Also write one JSON line per run to this file" };
        var command = new Command("samplers", "Sampler quality and speed on the shared benchmark functions (see FUNCTIONS.md)")
        {
            samplers, functions, seeds, trials, jsonl,
        };
        command.SetAction(result => Run(
            Split(result.GetValue(samplers)!), Split(result.GetValue(functions)!).Select(BenchmarkFunctions.Get).ToList(),
            result.GetValue(seeds), result.GetValue(trials), result.GetValue(jsonl)));
        return command;
    }

    private static int Run(IReadOnlyList<string> samplers, IReadOnlyList<BenchmarkFunction> functions, int seeds, int trials, FileInfo? jsonl)
    {
        if (seeds < 1 || trials < 1)
            throw new ArgumentException($"--seeds and --trials must be at least 1, got {seeds} and {trials}.");
        foreach (var sampler in samplers)
            SamplerRegistry.Names.Parse(sampler); // fail on a bad name before any run
        // Warm up the JIT on every code path the timed runs take (each function's parameter kinds, the model's
        // growing history), so the table shows steady-state cost, not compilation, whichever function comes first.
        foreach (var function in functions)
        {
            foreach (var sampler in samplers)
                SamplerRun.Execute(function, sampler, seed: -1, trials: trials);
        }
        using var writer = jsonl is null ? null : new StreamWriter(jsonl.FullName);
        var runs = new List<SamplerRun>();
        foreach (var function in functions)
        {
            foreach (var sampler in samplers)
            {
                for (var seed = 0; seed < seeds; seed++)
                {
                    var run = SamplerRun.Execute(function, sampler, seed, trials);
                    runs.Add(run);
                    writer?.WriteLine(JsonSerializer.Serialize(run with { SuggestMs = [] }, Json));
                }
            }
        }
        Console.WriteLine(SamplerTable.Format(runs, functions, samplers, trials));
        return 0;
    }

    private static string[] Split(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
