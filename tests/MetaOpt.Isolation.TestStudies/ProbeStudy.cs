using MetaOpt.Studies;

namespace MetaOpt.Isolation.TestStudies;

/// <summary>
/// A one-parameter study whose trial 1 (or every trial) misbehaves (<see cref="Misbehave"/>) while the others return x². Every trial
/// records the pid of the process it ran in, and drops a <c>worker-PID.pid</c> file in the current folder, so a
/// test can check that no worker outlives its run.
/// </summary>
public abstract class ProbeStudy : IStudyDefinition
{
    /// <summary>The user attribute holding the pid of the trial's process.</summary>
    public const string PidAttr = "pid";

    public abstract string Name { get; }
    public string Description => "A test study for process isolation.";
    public SamplerKind DefaultSampler => SamplerKind.Random;
    public PrunerKind DefaultPruner => PrunerKind.None;
    public int DefaultTrialCount => 4;
    public int Epochs => 0;
    public DataRequirement Data => DataRequirement.None;
    public StudyInputs Inputs => StudyInputs.Device;

    public IReadOnlyDictionary<string, Distribution> SearchSpace { get; } =
        new Dictionary<string, Distribution> { ["x"] = new FloatDistribution(-1, 1) };

    public PreparedStudy Prepare(StudyRunContext context) => new(trial =>
    {
        var x = trial.SuggestFloat("x", -1, 1);
        trial.SetUserAttr(PidAttr, Environment.ProcessId);
        if (DropsPidFile)
            File.WriteAllText($"worker-{Environment.ProcessId}.pid", "");
        if (MisbehavesOn(trial))
            Misbehave(trial);
        return x * x;
    }, (_, _) => { });

    /// <summary>Whether trials drop their pid file in the current folder (the launcher's, which a test chose).</summary>
    protected virtual bool DropsPidFile => true;

    /// <summary>Which trials misbehave: trial 1 unless overridden.</summary>
    protected virtual bool MisbehavesOn(Trial trial) => trial.Number == 1;

    /// <summary>What a misbehaving trial does before (if it survives) returning x².</summary>
    protected abstract void Misbehave(Trial trial);
}
