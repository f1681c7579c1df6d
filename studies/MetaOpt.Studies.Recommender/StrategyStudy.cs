using MetaOpt.Recommender;

namespace MetaOpt.Studies.Recommender;

/// <summary>
/// A study that searches the learning strategy itself (<see cref="StrategySpace"/>): zero-shot and fine-tuned global
/// models and the meta-learners compete in one study, each trial suggesting only its strategy's parameters. Every
/// strategy reports the validation MAE after each of its epochs, after adaptation where it adapts, so one pruner
/// serves all; a strategy that trains fewer epochs simply completes earlier.
/// </summary>
public abstract class StrategyStudy : RecommenderStudy
{
    /// <summary>The conditional space the trials draw from.</summary>
    public StrategySpace Space => _space ??= new StrategySpace(Epochs, MaxPretrainEpochs);

    private StrategySpace? _space;

    /// <summary>The largest <c>pretrain_epochs</c> of the meta strategies.</summary>
    protected virtual int MaxPretrainEpochs => 5;

    /// <inheritdoc/>
    public override int DefaultTrialCount => 60;

    /// <inheritdoc/>
    /// <remarks>Multivariate TPE by groups: each strategy's parameters are modelled jointly from the trials that chose it.</remarks>
    public override SamplerKind DefaultSampler => SamplerKind.TpeGroup;

    /// <summary>Trials each strategy gets before the halving starts (<see cref="ChoiceHalvingSampler"/>).</summary>
    public const int TrialsPerStrategy = 4;

    /// <inheritdoc/>
    /// <remarks>
    /// The strategy of each trial is chosen by successive halving over the strategies: each gets
    /// <see cref="TrialsPerStrategy"/> trials, then the better half twice as many, and so on, so the winner gets the
    /// budget on evidence rather than on the first few random points. A grid enumerates its points as they are.
    /// </remarks>
    public override ISampler WrapSampler(ISampler chosen) =>
        chosen is GridSampler ? chosen : new ChoiceHalvingSampler(chosen, StrategySpace.Parameter, TrialsPerStrategy);

    /// <inheritdoc/>
    /// <remarks>The flat union of every strategy's parameters, for listings and grids; trials suggest a part of it.</remarks>
    public override IReadOnlyDictionary<string, Distribution> SearchSpace => Space.Flat;

    /// <inheritdoc/>
    protected override IReadOnlyDictionary<string, object> Suggest(Trial trial) => Space.Suggest(trial);

    /// <inheritdoc/>
    /// <remarks>
    /// A new study evaluates the baselines first (<see cref="StrategySpace.BaselinePoints"/>): where an untuned
    /// global model beats every tuned strategy, as on MovieLens 100K, the study then cannot miss it.
    /// </remarks>
    protected override void BeforeFirstTrial(Study study, TrainingConfig defaults)
    {
        if (study.Trials.Count > 0)
            return;
        foreach (var point in StrategySpace.BaselinePoints(defaults).Values)
            study.EnqueueTrial(point);
    }
}
