namespace MetaOpt.Studies.Functions;

/// <summary>
/// A landscape shaped like hyperparameter tuning: a log-scale rate, a stepped batch size, a small integer and a
/// categorical whose choice shifts the best rate and adds a penalty.
/// </summary>
public sealed class MixedStudy : BenchmarkFunctionStudy
{
    private static readonly string[] Algorithms = ["a", "b", "c"];

    /// <inheritdoc/>
    public override string FunctionName => "mixed";

    /// <inheritdoc/>
    public override string Description => "HPO-shaped mixed space: log float, stepped int, int and categorical (f* = 0).";

    /// <inheritdoc/>
    public override double Optimum => 0;

    /// <summary>The categorical names the strategy, which the report gives for the best trial.</summary>
    public override StudyDeclarations Declarations { get; } = new() { StrategyParameters = ["algo"] };

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, Distribution> SearchSpace { get; } = new Dictionary<string, Distribution>
    {
        ["lr"] = new FloatDistribution(1e-5, 1e-1, log: true),
        ["batch"] = new IntDistribution(16, 256, step: 16),
        ["steps"] = new IntDistribution(1, 10),
        ["algo"] = new CategoricalDistribution(Algorithms),
    };

    /// <inheritdoc/>
    public override double Evaluate(IReadOnlyDictionary<string, object> parameters)
    {
        var (shift, penalty) = (string)parameters["algo"] switch
        {
            "a" => (0.0, 0.3),
            "b" => (0.3, 0.0),
            _ => (-0.4, 0.6),
        };
        var lr = (double)parameters["lr"];
        var batch = (int)parameters["batch"];
        var steps = (int)parameters["steps"];
        return Math.Pow(Math.Log10(lr) + 3 + shift, 2)
               + 0.5 * Math.Pow((batch - 96) / 64.0, 2)
               + 0.05 * Math.Pow(steps - 4, 2)
               + penalty;
    }
}
