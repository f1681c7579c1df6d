using System.Diagnostics;

namespace MetaOpt.Studies.Functions;

/// <summary>
/// A study over one of the sampler benchmark functions of <c>bench/FUNCTIONS.md</c>: cheap, with a known optimum,
/// for trying samplers and the launcher without training anything.
/// </summary>
public abstract class BenchmarkFunctionStudy : IStudyDefinition
{
    /// <summary>The function's short name, as in the Optuna peer's output; the study is called <c>functions-&lt;name&gt;</c>.</summary>
    public abstract string FunctionName { get; }

    /// <summary>The smallest value the function takes, for the regret.</summary>
    public abstract double Optimum { get; }

    /// <inheritdoc/>
    public string Name => "functions-" + FunctionName;

    /// <inheritdoc/>
    public abstract string Description { get; }

    /// <inheritdoc/>
    public SamplerKind DefaultSampler => SamplerKind.Tpe;

    /// <inheritdoc/>
    public PrunerKind DefaultPruner => PrunerKind.None;

    /// <inheritdoc/>
    public int DefaultTrialCount => 100;

    /// <inheritdoc/>
    public int Epochs => 0;

    /// <inheritdoc/>
    public DataRequirement Data => DataRequirement.None;

    /// <inheritdoc/>
    public StudyInputs Inputs => StudyInputs.None;

    /// <inheritdoc/>
    public virtual StudyDeclarations Declarations => StudyDeclarations.None;

    /// <inheritdoc/>
    public abstract IReadOnlyDictionary<string, Distribution> SearchSpace { get; }

    /// <summary>The function's value at the given parameters.</summary>
    public abstract double Evaluate(IReadOnlyDictionary<string, object> parameters);

    /// <inheritdoc/>
    public PreparedStudy Prepare(StudyRunContext context) => new(
        trial =>
        {
            var clock = Stopwatch.StartNew();
            var value = Evaluate(trial.SuggestAll(SearchSpace));
            trial.SetUserAttr(TrialAttributes.Seconds, clock.Elapsed.TotalSeconds);
            TrialAttributes.StampBuild(trial);
            return value;
        },
        (study, _) =>
        {
            if (!study.UserAttrs.ContainsKey(TrialAttributes.Optimum))
                study.SetUserAttr(TrialAttributes.Optimum, Optimum);
        });

    /// <summary>A box of <paramref name="dimensions"/> float parameters <c>x0, x1, ...</c> with the same bounds.</summary>
    protected static IReadOnlyDictionary<string, Distribution> Box(int dimensions, double low, double high) =>
        Enumerable.Range(0, dimensions).ToDictionary(i => $"x{i}", Distribution (_) => new FloatDistribution(low, high));

    /// <summary>The parameters <c>x0 .. x(n-1)</c> as an array.</summary>
    protected static double[] Vector(IReadOnlyDictionary<string, object> parameters, int dimensions) =>
        Enumerable.Range(0, dimensions).Select(i => (double)parameters[$"x{i}"]).ToArray();
}
