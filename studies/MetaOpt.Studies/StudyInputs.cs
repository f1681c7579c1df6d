namespace MetaOpt.Studies;

/// <summary>The run settings a study's objective reads, besides its data (<see cref="DataRequirement"/>).</summary>
/// <remarks>The launcher tells the user when a setting given on the command line is one the study ignores.</remarks>
[Flags]
public enum StudyInputs
{
    /// <summary>None of these: the objective is a plain function.</summary>
    None = 0,

    /// <summary>The compute device (<see cref="StudyRunContext.Device"/>).</summary>
    Device = 1,

    /// <summary>The epochs of a full trial (<see cref="StudyRunContext.Epochs"/>).</summary>
    Epochs = 2,

    /// <summary>The validation folds (<see cref="StudyRunContext.Folds"/>).</summary>
    Folds = 4,

    /// <summary>The objective's metric (<see cref="StudyRunContext.Metric"/>), which also sets the directions (<see cref="IStudyDefinition.DirectionsOf"/>).</summary>
    Metric = 8,

    /// <summary>A kept model to start from instead of training one (<see cref="StudyRunContext.TeacherModel"/>).</summary>
    TeacherModel = 16,
    /// <summary>A part of the data (<see cref="StudyRunContext.DataSubset"/>), recorded as part of the data's identity.</summary>
    DataSubset = 32,
}
