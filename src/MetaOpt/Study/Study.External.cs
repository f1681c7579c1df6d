namespace MetaOpt;

public sealed partial class Study
{
    /// <summary>The owner recorded on trials that a separate program evaluates (see <see cref="AskExternal"/>).</summary>
    internal const string ExternalOwner = "external";

    /// <summary>
    /// Starts a trial that a program outside this process evaluates and finishes later, possibly through other
    /// processes (<see cref="ResumeTrial"/>). No worker owns it, so recovery never fails it as abandoned: it stays
    /// Running until it is told, as Optuna's ask does without heartbeats.
    /// </summary>
    public Trial AskExternal() => Started(Ask(ExternalOwner, CancellationToken.None));

    /// <summary>The Running trial of that number, to report to, ask about pruning, and tell, from any process.</summary>
    /// <exception cref="KeyNotFoundException">The study has no trial of that number.</exception>
    /// <exception cref="InvalidOperationException">The trial has already finished (or is still waiting).</exception>
    public Trial ResumeTrial(int number)
    {
        var trials = Trials;
        var trial = trials.FirstOrDefault(t => t.Number == number)
                    ?? throw new KeyNotFoundException($"Study '{Name}' has no trial {number}; it has {trials.Count} trials.");
        if (trial.State != TrialState.Running)
            throw new InvalidOperationException($"Trial {number} of '{Name}' is {trial.State}, not Running.");
        return Live(new Trial(this, trial, CancellationToken.None));
    }
}
