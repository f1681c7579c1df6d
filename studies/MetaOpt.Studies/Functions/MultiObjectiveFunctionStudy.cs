using System.Diagnostics;

namespace MetaOpt.Studies.Functions;

/// <summary>
/// A study over a multi-objective benchmark function with a known Pareto front: cheap, for trying MOTPE and NSGA-II, the
/// Pareto output of <c>metaopt best</c> and the report's front without training anything. Its trials cannot be pruned.
/// </summary>
public abstract class MultiObjectiveFunctionStudy : IStudyDefinition
{
    /// <summary>The function's short name; the study is called <c>functions-&lt;name&gt;</c>.</summary>
    public abstract string FunctionName { get; }

    /// <inheritdoc/>
    public string Name => "functions-" + FunctionName;

    /// <inheritdoc/>
    public abstract string Description { get; }

    /// <summary>Every objective is minimised; one direction per value <see cref="Evaluate"/> returns.</summary>
    public IReadOnlyList<Direction> Directions => Enumerable.Repeat(Direction.Minimize, Objectives).ToArray();

    /// <summary>How many values <see cref="Evaluate"/> returns.</summary>
    public abstract int Objectives { get; }

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
    public abstract IReadOnlyDictionary<string, Distribution> SearchSpace { get; }

    /// <summary>The function's values at the given parameters, one per objective.</summary>
    public abstract IReadOnlyList<double> Evaluate(IReadOnlyDictionary<string, object> parameters);

    /// <inheritdoc/>
    public PreparedStudy Prepare(StudyRunContext context) => PreparedStudy.MultiObjective(
        trial =>
        {
            var clock = Stopwatch.StartNew();
            var values = Evaluate(trial.SuggestAll(SearchSpace));
            trial.SetUserAttr(TrialAttributes.Seconds, clock.Elapsed.TotalSeconds);
            TrialAttributes.StampBuild(trial);
            return values;
        },
        (_, _) => { });
}
