using System.Diagnostics;
using MetaOpt.Bench.Functions;
using MetaOpt.Studies;

namespace MetaOpt.Bench.Samplers;

/// <summary>One benchmark run: a sampler on a function with one seed, as a JSON line compatible with the peer's.</summary>
/// <param name="Function">The function's name.</param>
/// <param name="Sampler">The sampler's name.</param>
/// <param name="Seed">The sampler's seed.</param>
/// <param name="Trials">Trials run.</param>
/// <param name="Best">Best value so far after each trial.</param>
/// <param name="RegretFinal">Best value after the last trial minus f*.</param>
/// <param name="SuggestMsTotal">Time spent in Ask and the suggestions, over all trials.</param>
/// <param name="SuggestMs">Time spent in Ask and the suggestions, per trial.</param>
internal sealed record SamplerRun(
    string Function, string Sampler, int Seed, int Trials, double[] Best, double RegretFinal, double SuggestMsTotal, double[] SuggestMs)
{
    /// <summary>
    /// Runs the ask/tell loop on a new study (in memory unless <paramref name="storage"/> is given, warm-started from
    /// <paramref name="warmStart"/> if any), timing only the sampler's side (ask and suggest). The sampler is
    /// <paramref name="sampler"/> when given (then <paramref name="samplerName"/> only names the study), else the registry's.
    /// </summary>
    public static SamplerRun Execute(
        BenchmarkFunction function, string samplerName, int seed, int trials, IStorage? storage = null, WarmStart? warmStart = null, ISampler? sampler = null)
    {
        var study = Study.Create($"{function.Name}-{samplerName}-{seed}", new StudyOptions
        {
            Sampler = sampler ?? SamplerRegistry.Create(samplerName, seed, function.Space),
            Storage = storage ?? new InMemoryStorage(),
            WarmStartFrom = warmStart,
        });
        var best = new double[trials];
        var suggestMs = new double[trials];
        var stopwatch = new Stopwatch();
        for (var i = 0; i < trials; i++)
        {
            stopwatch.Restart();
            var trial = study.Ask();
            var values = trial.SuggestAll(function.Space);
            stopwatch.Stop();
            suggestMs[i] = stopwatch.Elapsed.TotalMilliseconds;
            var value = function.Evaluate(values);
            study.Tell(trial, value);
            best[i] = i == 0 ? value : Math.Min(value, best[i - 1]);
        }
        return new SamplerRun(function.Name, samplerName, seed, trials, best, best[^1] - function.Optimum, suggestMs.Sum(), suggestMs);
    }
}
