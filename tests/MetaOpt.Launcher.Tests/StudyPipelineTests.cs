using MetaOpt.Studies;

namespace MetaOpt.Launcher.Tests;

/// <summary>
/// The one run pipeline the launcher and the bench call: its steps run in their order (prepare, wrap the sampler,
/// store the study's attributes, then optimise with the prepared objective through the caller's hooks).
/// </summary>
public sealed class StudyPipelineTests
{
    [Fact]
    public void StepsRunInOrderAndTrialsUseThePreparedObjectiveAndWrappedSampler()
    {
        var steps = new List<string>();
        var definition = new RecordingStudy(steps);
        var pipeline = StudyPipeline.Prepare(definition, new StudyRunContext { Seed = 3 });
        var study = Study.Create("pipeline", new StudyOptions { Sampler = pipeline.WrapSampler(new RandomSampler(3)) });

        var reason = pipeline.Run(study, new StudyPipelineRun
        {
            Trials = 2,
            AttributesStored = () => steps.Add("stored"),
            Evaluate = objective =>
            {
                steps.Add("evaluate");
                return trial =>
                {
                    steps.Add($"hook {trial.Number}");
                    return objective(trial);
                };
            },
            Drive = optimize =>
            {
                steps.Add("drive");
                return optimize();
            },
            Callbacks = [(_, trial) => steps.Add($"finished {trial.Number}")],
        });

        Assert.Equal(StopReason.TrialsDone, reason);
        Assert.Equal(
            ["prepare", "wrap", "attributes", "stored", "evaluate", "drive",
             "hook 0", "objective 0", "sample 0", "finished 0",
             "hook 1", "objective 1", "sample 1", "finished 1"],
            steps);
        Assert.Equal("stored", study.UserAttrs["pipeline_test"]);
        Assert.All(study.Trials, t => Assert.Equal(TrialState.Complete, t.State));
    }

    [Fact]
    public void ACancelledRunStopsWhileStoringTheAttributesAndStartsNoTrial()
    {
        var steps = new List<string>();
        var pipeline = StudyPipeline.Prepare(new RecordingStudy(steps), new StudyRunContext());
        var study = Study.Create("pipeline");

        Assert.Throws<OperationCanceledException>(() => pipeline.Run(study, new StudyPipelineRun
        {
            Trials = 2,
            CancellationToken = new CancellationToken(canceled: true),
            AttributesStored = () => steps.Add("stored"),
        }));

        Assert.Equal(["prepare", "attributes"], steps);
        Assert.Empty(study.Trials);
    }

    [Fact]
    public void TheDefinitionsDeclarationsAreStoredWithTheStudyBeforeItsAttributes()
    {
        var steps = new List<string>();
        var declarations = new StudyDeclarations { Metrics = [new("x_abs", "|x|", Direction.Minimize)], Baselines = [new("zero", "x = 0", "objective")] };
        var pipeline = StudyPipeline.Prepare(new RecordingStudy(steps) { Declarations = declarations }, new StudyRunContext());
        var study = Study.Create("pipeline");

        // Cancelled while the attributes are stored: the declarations are already there.
        Assert.Throws<OperationCanceledException>(() => pipeline.Run(study, new StudyPipelineRun { CancellationToken = new CancellationToken(canceled: true) }));

        var stored = StudyDeclarations.Read(study.UserAttrs);
        Assert.Equal(declarations.Metrics, stored.Metrics);
        Assert.Equal(declarations.Baselines, stored.Baselines);
    }

    [Fact]
    public void UnusableDeclarationsAreRefusedBeforeTheStudyIsPrepared()
    {
        var steps = new List<string>();
        var definition = new RecordingStudy(steps) { Declarations = new StudyDeclarations { Baselines = [new("zero", "x = 0", "objective", "x_abs")] } };

        var error = Assert.Throws<ArgumentException>(() => StudyPipeline.Prepare(definition, new StudyRunContext()));

        Assert.Contains("Study 'recording' declares unusable metrics or baselines: baseline 'zero' is compared with metric 'x_abs', which is not declared", error.Message);
        Assert.Empty(steps);
    }

    /// <summary>A one-parameter function study that records each step the pipeline takes with it.</summary>
    private sealed class RecordingStudy(List<string> steps) : IStudyDefinition
    {
        public string Name => "recording";
        public string Description => "records the pipeline's steps";
        public SamplerKind DefaultSampler => SamplerKind.Random;
        public PrunerKind DefaultPruner => PrunerKind.None;
        public int DefaultTrialCount => 2;
        public int Epochs => 0;
        public DataRequirement Data => DataRequirement.None;
        public StudyInputs Inputs => StudyInputs.None;
        public StudyDeclarations Declarations { get; init; } = StudyDeclarations.None;
        public IReadOnlyDictionary<string, Distribution> SearchSpace { get; } =
            new Dictionary<string, Distribution> { ["x"] = new FloatDistribution(-1, 1) };

        public ISampler WrapSampler(ISampler chosen)
        {
            steps.Add("wrap");
            return new RecordingSampler(chosen, steps);
        }

        public PreparedStudy Prepare(StudyRunContext context)
        {
            steps.Add("prepare");
            return new PreparedStudy(
                trial =>
                {
                    steps.Add($"objective {trial.Number}");
                    var x = trial.SuggestFloat("x", -1, 1);
                    return x * x;
                },
                (study, token) =>
                {
                    steps.Add("attributes");
                    token.ThrowIfCancellationRequested();
                    study.SetUserAttr("pipeline_test", "stored");
                });
        }
    }

    private sealed class RecordingSampler(ISampler inner, List<string> steps) : ISampler
    {
        public double SampleIndependent(Study study, FrozenTrial trial, string name, Distribution distribution)
        {
            steps.Add($"sample {trial.Number}");
            return inner.SampleIndependent(study, trial, name, distribution);
        }
    }
}
