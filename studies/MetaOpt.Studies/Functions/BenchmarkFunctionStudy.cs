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
    public SamplerKind DefaultSampler => SamplerKind.Auto;

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
            if (NoiseSd > 0)
            {
                trial.SetUserAttr(TrialAttributes.NoiseFreeValue, value);
                value += NoiseSd * StandardNormal(new Random(trial.Seed));
            }
            trial.SetUserAttr(TrialAttributes.Seconds, clock.Elapsed.TotalSeconds);
            TrialAttributes.StampBuild(trial);
            return value;
        },
        (study, _) =>
        {
            if (!study.UserAttrs.ContainsKey(TrialAttributes.Optimum))
                study.SetUserAttr(TrialAttributes.Optimum, Optimum);
        });

    /// <summary>
    /// The standard deviation of the Gaussian noise added to each value, drawn from the trial's seed
    /// (<see cref="Trial.Seed"/>) so a trial re-run with its seed gives its value again; 0 (no noise) by default.
    /// </summary>
    protected virtual double NoiseSd => 0;

    // Box-Muller: one standard normal draw from two uniform ones.
    private static double StandardNormal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>A box of <paramref name="dimensions"/> float parameters <c>x0, x1, ...</c> with the same bounds.</summary>
    protected static IReadOnlyDictionary<string, Distribution> Box(int dimensions, double low, double high) =>
        FunctionBox.Space(dimensions, low, high);

    /// <summary>The parameters <c>x0 .. x(n-1)</c> as an array.</summary>
    protected static double[] Vector(IReadOnlyDictionary<string, object> parameters, int dimensions) =>
        FunctionBox.Vector(parameters, dimensions);
}
