namespace MetaOpt.Studies;

/// <summary>What a study needs to know about the run it is part of.</summary>
public sealed record StudyRunContext
{
    /// <summary>The data directory, for studies that need one.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>
    /// The part of the data to use, for studies that read it (<see cref="StudyInputs.DataSubset"/>), in the study's
    /// syntax (the recommender's: <c>age:&lt;25</c>, <c>time:&gt;=0.5</c>...); null is all of it.
    /// </summary>
    public string? DataSubset { get; init; }

    /// <summary>The compute device: <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>
    /// The run's seed, which is also the study seed: a study computes from it what it computes once (folds,
    /// baselines), and each trial trains with its own <see cref="Trial.Seed"/>, derived from it.
    /// </summary>
    public int Seed { get; init; }

    /// <summary>The epochs of a full trial (the study's <see cref="IStudyDefinition.Epochs"/> unless overridden).</summary>
    public int Epochs { get; init; }

    /// <summary>Folds of the users a trial is validated on, for studies that read them (<see cref="StudyInputs.Folds"/>); 1, the default, is one validation split.</summary>
    public int Folds { get; init; } = 1;

    /// <summary>The metric the objective measures, for studies that read it (<see cref="StudyInputs.Metric"/>); null is the study's own.</summary>
    public string? Metric { get; init; }

    /// <summary>A model folder exported by <c>metaopt best --export-model</c> that the study uses as its teacher
    /// instead of training one, for studies that read it (<see cref="StudyInputs.TeacherModel"/>); null trains it.</summary>
    public string? TeacherModel { get; init; }

    /// <summary>Intra-op threads each trial's training may use.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Where the study writes progress messages of its preparation (data loading, baselines).</summary>
    public TextWriter Log { get; init; } = TextWriter.Null;
}
